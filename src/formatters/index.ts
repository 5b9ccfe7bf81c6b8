/** Output formats by name. */
import type { FileResult } from '../types.js';
import { formatJson, jsonStream } from './json.js';
import { formatStylish, stylishStream, type ReportStream } from './stylish.js';
import { formatSarif, toSarif } from './sarif.js';
import { formatGithub, githubStream } from './github.js';
import { formatHtml } from './html.js';

export interface FormatContext { color: number; cwd: string; showInfo: boolean; rules: Map<string, import('../types.js').Rule> }
export type Formatter = (results: FileResult[], ctx: FormatContext) => string | Promise<string>;

export const formatters: Record<string, Formatter> = {
  stylish: (r, ctx) => formatStylish(r, ctx),
  json: (r) => formatJson(r),
  sarif: (r, ctx) => formatSarif(r, { cwd: ctx.cwd, rules: ctx.rules }),
  github: (r, ctx) => formatGithub(r, { cwd: ctx.cwd, showInfo: ctx.showInfo }),
  html: (r, ctx) => formatHtml(r, { cwd: ctx.cwd, rules: ctx.rules, showInfo: ctx.showInfo }),
};

/**
 * The formats that can be written file by file as results arrive (the CLI streams them, so memory
 * does not grow with the number of files). SARIF and HTML need every result first.
 */
export const streamingFormatters: Record<string, (ctx: FormatContext) => ReportStream> = {
  stylish: (ctx) => stylishStream(ctx),
  json: () => jsonStream(),
  github: (ctx) => githubStream({ cwd: ctx.cwd, showInfo: ctx.showInfo }),
};
export type { ReportStream };

export function registerFormatter(name: string, f: Formatter): void { formatters[name] = f; delete streamingFormatters[name]; }
export { formatJson, formatStylish, formatSarif, toSarif, formatGithub, formatHtml };
