/** Output formats by name. */
import type { FileResult } from '../types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export interface FormatContext { color: number; cwd: string; showInfo: boolean; rules: Map<string, import('../types.js').Rule> }
export type Formatter = (results: FileResult[], ctx: FormatContext) => string | Promise<string>;

export const formatters: Record<string, Formatter> = {
  stylish: (r, ctx) => formatStylish(r, ctx),
  json: (r) => formatJson(r),
};

export function registerFormatter(name: string, f: Formatter): void { formatters[name] = f; }
export { formatJson, formatStylish };
