/** Mapping between segment text, file offsets and line/column. */
import type { Piece, Segment } from './types.js';

export class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  /** 1-based line and column for a 0-based offset */
  locate(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
  get lineCount(): number { return this.starts.length; }
}

const ENTITY = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const ESCAPABLE = /[!-\/:-@[-`{-~]/;

/** The text a character reference stands for, as far as needed to align it with `value` at `j`. */
function decodeEntity(name: string, value: string, j: number): string | null {
  if (name[0] === '#') {
    const n = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!Number.isFinite(n) || n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(n);
  }
  if (name === 'amp') return '&';
  // a named reference: one character (or surrogate pair) in the decoded text
  const cp = value.codePointAt(j);
  if (cp === undefined) return null;
  return String.fromCodePoint(cp);
}

/** Map a segment-relative index to a file offset. `end` chooses the end side of a piece boundary. */
export function segToFile(seg: Segment, index: number, end = false): number {
  const ps = seg.pieces;
  if (ps.length === 0) return 0;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const inside = end ? index > p.seg && index <= p.seg + p.len : index >= p.seg && index < p.seg + p.len;
    if (inside) {
      if (p.len === p.fileLen) return p.file + (index - p.seg);
      // entity or escape: the whole piece maps to its file range
      return end ? p.file + p.fileLen : p.file;
    }
  }
  // between pieces (a synthetic separator): snap to the nearest piece
  let best = ps[0]!;
  for (const p of ps) if (p.seg <= index) best = p;
  return end ? best.file + best.fileLen : best.file + best.fileLen;
}

/**
 * Append `value` (the decoded text of a node) to a segment builder, aligning it char by char with
 * `source` (the raw file text of that node starting at `fileStart`) so that entities (&amp;),
 * backslash escapes and collapsed whitespace still map exactly.
 */
export class SegmentBuilder {
  text = '';
  pieces: Piece[] = [];

  /** add text that maps one-to-one onto the file */
  addExact(value: string, fileStart: number): void {
    if (!value) return;
    this.push(value, fileStart, value.length);
  }

  /** add a synthetic separator that maps nowhere (e.g. a space standing for inline code or a line break) */
  addGap(value = ' '): void {
    if (this.text.length === 0 || this.text.endsWith(' ') || this.text.endsWith('\n')) return;
    this.text += value;
  }

  /**
   * Add decoded text, aligning it with the raw source it came from: character references
   * (&amp; &#233; &#x1F600;), backslash escapes (Markdown and YAML only: `escapes`), normalised
   * whitespace (soft line breaks, CRLF, indentation) and container markers (`> ` in block quotes,
   * emphasis marks in alt text) all map back to their exact file range.
   */
  addAligned(value: string, source: string, fileStart: number, opts: { escapes?: boolean } = {}): void {
    if (!value) return;
    if (source === value) return this.addExact(value, fileStart);
    let i = 0; // source index
    let j = 0; // value index
    let runStartJ = 0, runStartI = 0;
    const flush = () => {
      if (j > runStartJ) this.push(value.slice(runStartJ, j), fileStart + runStartI, j - runStartJ);
    };
    const mapped = (valueLen: number, sourceLen: number) => {
      this.push(value.slice(j, j + valueLen), fileStart + i, valueLen, sourceLen);
      j += valueLen; i += sourceLen;
      runStartJ = j; runStartI = i;
    };
    while (j < value.length && i < source.length) {
      const s = source[i]!;
      // a character reference: decoded to one character (or a surrogate pair)
      if (s === '&') {
        const ent = ENTITY.exec(source.slice(i, i + 40));
        if (ent) {
          const decoded = decodeEntity(ent[1]!, value, j);
          if (decoded !== null && value.startsWith(decoded, j) && !(decoded === '&' && ent[1] !== 'amp' && ent[1] !== '#38' && ent[1]!.toLowerCase() !== '#x26')) {
            flush();
            mapped(decoded.length, ent[0].length);
            continue;
          }
        }
      }
      // a backslash escape (\* → *)
      if (opts.escapes && s === '\\' && i + 1 < source.length && source[i + 1] === value[j] && ESCAPABLE.test(source[i + 1]!)) {
        flush();
        mapped(1, 2);
        continue;
      }
      if (s === value[j]) { i++; j++; continue; }
      flush();
      if (/\s/.test(s) && /\s/.test(value[j]!)) {
        // whitespace normalised (a soft line break, CRLF, indentation): map the value run onto the raw run
        let k = i; while (k < source.length && /\s/.test(source[k]!)) k++;
        let m = j; while (m < value.length && /\s/.test(value[m]!)) m++;
        mapped(m - j, k - i);
        continue;
      }
      // source characters with no counterpart in the value (indentation, `>` markers, emphasis marks): skip them
      const want = value.slice(j, j + Math.min(3, value.length - j));
      let k = -1;
      for (let t = i + 1; t <= Math.min(source.length - want.length, i + 64); t++) if (source.startsWith(want, t)) { k = t; break; }
      if (k > i) { i = k; runStartJ = j; runStartI = i; continue; }
      // a value character with no counterpart in the source: map it onto the current source character
      mapped(1, 1);
    }
    flush();
    if (j < value.length) this.push(value.slice(j), fileStart + source.length, value.length - j, 0);
  }

  private push(value: string, file: number, len: number, fileLen = len): void {
    const last = this.pieces[this.pieces.length - 1];
    const seg = this.text.length;
    this.text += value;
    if (last && last.len === last.fileLen && len === fileLen && last.seg + last.len === seg && last.file + last.fileLen === file) {
      last.len += len; last.fileLen += fileLen;
    } else {
      this.pieces.push({ seg, file, len, fileLen });
    }
  }

  build(id: number, props: Omit<Segment, 'id' | 'text' | 'pieces'>): Segment | null {
    const text = this.text.replace(/\s+$/, '');
    if (!text.trim()) return null;
    return { id, text, pieces: this.pieces, ...props };
  }
}
