/** Fixture expectations: `<!-- expect rule-id "phrase" -->` at the end of a line (Markdown/HTML), or a sidecar `<file>.expect.json`. */
import fs from 'node:fs';

export interface Expectation { rule: string; phrase?: string; line?: number; source?: string }

export function readExpectations(file: string, text?: string): Expectation[] {
  const sidecar = file + '.expect.json';
  if (fs.existsSync(sidecar)) return JSON.parse(fs.readFileSync(sidecar, 'utf8')) as Expectation[];
  const src = text ?? fs.readFileSync(file, 'utf8');
  const out: Expectation[] = [];
  src.split(/\r?\n/).forEach((line, i) => {
    const re = /<!--\s*expect\s+([a-z0-9-]+)(?:\s+"([^"]*)")?(?:\s+source=([\w:.-]+))?\s*-->/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      // a document-level expectation (no phrase) is not tied to a line
      out.push({ rule: m[1]!, phrase: m[2], line: m[2] ? i + 1 : undefined, source: m[3] });
    }
  });
  return out;
}
