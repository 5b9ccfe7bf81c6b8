/** --format json: the public contract in OUTPUT.md (ESLint's JSON shape plus our fields). */
import type { FileResult } from '../types.js';
import type { ReportStream } from './stylish.js';

const clean = ({ source: _source, ...r }: FileResult) => ({ ...r, messages: r.messages.map(({ fix, ...m }) => (fix ? { ...m, fix } : m)) });

/** The JSON array written element by element: the same text as JSON.stringify(array, null, 2). */
export function jsonStream(): ReportStream {
  let first = true;
  return {
    file(r) {
      const item = '  ' + JSON.stringify(clean(r), null, 2).replace(/\n/g, '\n  ');
      const text = (first ? '[\n' : ',\n') + item;
      first = false;
      return text;
    },
    end() { return first ? '[]' : '\n]'; },
  };
}

export function formatJson(results: FileResult[]): string {
  const s = jsonStream();
  return results.map((r) => s.file(r)).join('') + s.end();
}
