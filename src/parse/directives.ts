/** Inline control comments: <!-- campaign-lint-disable[-next-line|-line] [ids] --> and enable. */
import type { Directive } from '../types.js';
import type { LineIndex } from '../positions.js';

const RE = /campaign-lint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)(?:-->|$)/;

export function parseDirective(comment: string, offset: number, lines: LineIndex): Directive | null {
  const m = RE.exec(comment);
  if (!m) return null;
  const rules = m[2]!.replace(/--$/, '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return { kind: m[1] as Directive['kind'], rules, offset, line: lines.locate(offset).line };
}

/** Scan a file's text for HTML comments holding directives (used for Markdown and HTML). */
export function scanDirectives(text: string, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  const re = /<!--([\s\S]*?)-->/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!m[1]!.includes('campaign-lint-')) continue;
    const d = parseDirective(m[1]!, m.index, lines);
    if (d) out.push(d);
  }
  return out;
}
