/**
 * Inline control comments, in Markdown and HTML:
 *   <!-- campaign-lint-disable [ids] -->            off from here (all rules, or the listed ones)
 *   <!-- campaign-lint-enable [ids] -->             back on
 *   <!-- campaign-lint-disable-next-line [ids] -->  off for the next line that holds text
 *   <!-- campaign-lint-disable-line [ids] -->       off for the line the comment is on
 * Ids are separated by spaces or commas; anything after " -- " is a reason for human readers.
 */
import type { Directive } from '../types.js';
import type { LineIndex } from '../positions.js';

const RE = /^\s*campaign-lint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

/**
 * Parse one comment body (the text between `<!--` and `-->`). `offset` is the comment's file offset
 * and `end` its end offset; `text` is the whole file text (to find the next line that holds text).
 */
export function parseDirective(comment: string, offset: number, lines: LineIndex, end = offset, text?: string): Directive | null {
  const m = RE.exec(comment);
  if (!m) return null;
  const kind = m[1] as Directive['kind'];
  const rules = m[2]!.split(/\s--\s|\s--$/)[0]!.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  let line = lines.locate(offset).line;
  if (kind === 'disable-next-line') {
    // the linter silences `line + 1`: point it at the first line after the comment that is not blank
    let target = lines.locate(end).line + 1;
    if (text !== undefined) {
      while (target <= lines.lineCount) {
        const s = lines.lineStart(target);
        const e = target < lines.lineCount ? lines.lineStart(target + 1) : text.length;
        if (text.slice(s, e).trim()) break;
        target++;
      }
    }
    line = target - 1;
  }
  return { kind, rules, offset, line };
}

/**
 * Directives in the HTML comments of `text` (a whole HTML file, or one raw HTML node of a Markdown
 * file starting at file offset `base`; `full` is then the whole file text).
 */
export function scanDirectives(text: string, lines: LineIndex, base = 0, full = text): Directive[] {
  const out: Directive[] = [];
  const re = /<!--([\s\S]*?)-->/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!m[1]!.includes('campaign-lint-')) continue;
    const d = parseDirective(m[1]!, base + m.index, lines, base + m.index + m[0].length, full);
    if (d) out.push(d);
  }
  return out;
}
