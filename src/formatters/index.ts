/** Output formats by name. */
import type { FileResult } from '../types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';
import { formatSarif, toSarif } from './sarif.js';
import { formatGithub } from './github.js';
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

export function registerFormatter(name: string, f: Formatter): void { formatters[name] = f; }
export { formatJson, formatStylish, formatSarif, toSarif, formatGithub, formatHtml };
