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

  /** add decoded text, aligning it with the raw source it came from */
  addAligned(value: string, source: string, fileStart: number): void {
    if (!value) return;
    if (source === value) return this.addExact(value, fileStart);
    let i = 0; // source index
    let j = 0; // value index
    let runStartJ = 0, runStartI = 0;
    const flush = () => {
      if (j > runStartJ) this.push(value.slice(runStartJ, j), fileStart + runStartI, j - runStartJ);
    };
    while (j < value.length && i < source.length) {
      if (source[i] === value[j]) { i++; j++; continue; }
      flush();
      const s = source[i]!;
      if (s === '&') {
        const semi = source.indexOf(';', i);
        if (semi > i && semi - i <= 32) {
          // one decoded char (or surrogate pair) for the entity
          const cp = value.codePointAt(j)!;
          const w = cp > 0xffff ? 2 : 1;
          this.push(value.slice(j, j + w), fileStart + i, w, semi + 1 - i);
          j += w; i = semi + 1;
          runStartJ = j; runStartI = i;
          continue;
        }
      }
      if (s === '\\' && source[i + 1] === value[j]) {
        this.push(value[j]!, fileStart + i, 1, 2);
        i += 2; j++;
        runStartJ = j; runStartI = i;
        continue;
      }
      if (/\s/.test(s) && /\s/.test(value[j]!)) {
        // whitespace normalised (e.g. a soft line break or CRLF): map the value char onto the raw run
        let k = i; while (k < source.length && /\s/.test(source[k]!)) k++;
        let m = j; while (m < value.length && /\s/.test(value[m]!)) m++;
        this.push(value.slice(j, m), fileStart + i, m - j, k - i);
        i = k; j = m; runStartJ = j; runStartI = i;
        continue;
      }
      if (/\s/.test(s)) { i++; runStartJ = j; runStartI = i; continue; }
      // unknown transformation: map the rest proportionally onto the rest of the source
      this.push(value.slice(j), fileStart + i, value.length - j, source.length - i);
      j = value.length; runStartJ = j; runStartI = i;
      break;
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
