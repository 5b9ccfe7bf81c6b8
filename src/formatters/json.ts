/** --format json: the public contract in OUTPUT.md (ESLint's JSON shape plus our fields). */
import type { FileResult } from '../types.js';

export function formatJson(results: FileResult[]): string {
  return JSON.stringify(results.map(({ source: _source, ...r }) => ({ ...r, messages: r.messages.map(({ fix, ...m }) => (fix ? { ...m, fix } : m)) })), null, 2);
}
