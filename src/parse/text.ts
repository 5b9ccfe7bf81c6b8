/** Plain text → the document model: one segment per paragraph (blank-line separated). */
import type { CampaignDocument, Segment } from '../types.js';

export function parsePlainText(filePath: string, text: string): CampaignDocument {
  const segments: Segment[] = [];
  const re = /(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)\s*/g;
  let start = 0;
  let id = 0;
  const push = (s: number, e: number) => {
    const raw = text.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) segments.push({ id: id++, text: body, kind: 'paragraph', source: 'text', pieces: [{ seg: 0, file: s + lead, len: body.length, fileLen: body.length }] });
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) { push(start, m.index); start = m.index + m[0].length; }
  push(start, text.length);
  return { filePath, format: 'text', text, segments, images: [], frontMatter: {}, directives: [] };
}
