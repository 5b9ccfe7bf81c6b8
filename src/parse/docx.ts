/**
 * Word (.docx) → the document model, through mammoth (which drops reviewer comments and keeps
 * headings, lists, tables, links, footnotes, endnotes and image alt text).
 *
 * Like PDF, a .docx has no text offsets a reader could use, so `doc.text` is the extracted plain
 * text: one block (paragraph, heading, list item, table cell, alt text, footnote) per paragraph of
 * text, separated by blank lines. Every segment maps exactly into it, and `segment.location` says
 * where to look in Word: `{ paragraph, heading }` (the nearest heading above), or `{ footnote }` / `{ endnote }`
 * with the number Word shows.
 */
import mammoth from 'mammoth';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { CampaignDocument, ImageRef, SegmentKind } from '../types.js';
import { InputError, type ParseOptions } from './index.js';
import { ExtractedText, MAX_EXTRACTED_CHARS, MAX_OCR_IMAGES, loadOcr, ocrParagraphs, ocrWanted } from './pdf.js';

const parser = unified().use(rehypeParse, { fragment: true });

/** Title and Subtitle are headings too (Heading 1–6 are mapped by mammoth's default style map). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'blockquote', 'pre']);
const CONTAINERS = new Set(['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'div', 'section']);

interface DocxImage { contentType: string; read: () => Promise<Buffer> }

type Link = { start: number; end: number; url: string };

/** inline content → plain text with link ranges and the images it holds */
function inline(nodes: ElementContent[], acc: { text: string; links: Link[]; imgs: Element[] }): void {
  for (const n of nodes) {
    if (n.type === 'text') { acc.text += n.value; continue; }
    if (n.type !== 'element') continue;
    const tag = n.tagName;
    if (tag === 'img') { acc.imgs.push(n); if (acc.text && !/\s$/.test(acc.text)) acc.text += ' '; continue; }
    if (tag === 'br') { acc.text += ' '; continue; }
    if (tag === 'a') {
      const href = typeof n.properties?.href === 'string' ? n.properties.href : '';
      // the "↑" back-link at the end of a footnote is navigation, not prose
      if (/^#(footnote|endnote)-ref-/.test(href)) continue;
      const start = acc.text.length;
      inline(n.children, acc);
      if (href) acc.links.push({ start, end: acc.text.length, url: href });
      continue;
    }
    inline(n.children, acc);
  }
}

/** collapse whitespace, keeping link ranges aligned with the collapsed text */
function normalise(text: string, links: Link[]): { text: string; links: Link[] } {
  const map: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    map[i] = out.length;
    if (/\s/.test(c)) { if (out.length && !out.endsWith(' ')) out += ' '; } else out += c;
  }
  map[text.length] = out.length;
  return { text: out, links: links.map((l) => ({ start: map[l.start]!, end: map[l.end]!, url: l.url })).filter((l) => l.end > l.start) };
}

function docxError(e: unknown): InputError {
  if (e instanceof InputError) return e;
  // mammoth's and the zip reader's errors all mean the file is damaged or is not really a .docx
  return new InputError('This file is not a readable Word document (.docx): it may be damaged, or an older .doc file renamed. Open it in Word, save it as .docx, and check the new copy.');
}

/** Uncompressed XML a .docx may hold (document, styles, notes...): guards against zip bombs. */
export const MAX_DOCX_XML_BYTES = 200 * 1024 * 1024;

/**
 * Read the zip's central directory and refuse a file that is not a zip, or whose XML parts would
 * unpack to more than MAX_DOCX_XML_BYTES (mammoth unpacks them whole, in memory).
 */
export function checkDocxZip(buf: Buffer): void {
  const notWord = () => new InputError('This file is not a readable Word document (.docx): it may be damaged, or an older .doc file renamed. Open it in Word, save it as .docx, and check the new copy.');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw notWord();
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let xml = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw notWord();
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    if (/\.(xml|rels)$/i.test(name)) xml += size === 0xffffffff ? Infinity : size;
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (xml > MAX_DOCX_XML_BYTES) {
    throw new InputError(`This Word document would unpack to more than ${MAX_DOCX_XML_BYTES / 1048576} MB of text and layout, over campaign-lint's limit. Split it into smaller files and check each one.`);
  }
}

export async function parseDocx(filePath: string, input: Buffer, options: ParseOptions = {}): Promise<CampaignDocument> {
  checkDocxZip(input);
  const media: DocxImage[] = [];
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: input }, {
      styleMap: STYLE_MAP,
      externalFileAccess: false,
      // keep the bytes out of the HTML: remember each image and point at it
      convertImage: mammoth.images.imgElement(async (img) => {
        media.push({ contentType: img.contentType, read: () => img.readAsBuffer() });
        return { src: `docx-image:${media.length - 1}` };
      }),
    });
    html = result.value;
  } catch (e) {
    throw docxError(e);
  }
  if (html.length > MAX_EXTRACTED_CHARS * 4) {
    throw new InputError(`This Word document holds more than ${(MAX_EXTRACTED_CHARS / 1e6).toFixed(0)} million characters of text, over campaign-lint's limit. Split it into smaller files and check each one.`);
  }

  const out = new ExtractedText(MAX_EXTRACTED_CHARS, 'Word document');
  const images: ImageRef[] = [];
  const ocr = ocrWanted(options) ? await loadOcr() : null;
  let ocrCount = 0;
  let paragraph = 0;
  let heading: string | undefined;
  const noteLabels = new Map<string, string>();

  const addImages = async (imgs: Element[], where: Record<string, unknown>) => {
    for (const img of imgs) {
      const alt = typeof img.properties?.alt === 'string' ? img.properties.alt.replace(/\s+/g, ' ').trim() : undefined;
      const src = typeof img.properties?.src === 'string' ? img.properties.src : '';
      const m = /^docx-image:(\d+)$/.exec(src);
      const imgIndex = images.length;
      const seg = alt ? out.add(alt, { kind: 'alt', source: 'alt', image: imgIndex, location: where }) : null;
      const [start, end] = seg ? out.lastRange() : [out.text.length, out.text.length];
      images.push({ src: m ? `image ${Number(m[1]) + 1} (${media[Number(m[1])]?.contentType ?? 'image'})` : src, alt, start, end });
      if (ocr && m && ocrCount < MAX_OCR_IMAGES) {
        const item = media[Number(m[1])];
        if (!item || !/^image\/(png|jpe?g|gif|bmp|tiff|webp)$/.test(item.contentType)) continue;
        ocrCount++;
        try {
          const { default: sharp } = await import('sharp');
          const png = await sharp(await item.read()).resize({ width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true }).png().toBuffer();
          for (const t of await ocrParagraphs(ocr, png)) out.add(t, { kind: 'ocr', source: 'ocr', image: imgIndex, location: where });
        } catch { /* an unreadable embedded image: its alt text is still checked */ }
      }
    }
  };

  const block = async (el: Element, kind: SegmentKind, extra: { source?: string; note?: Record<string, number> } = {}) => {
    const acc = { text: '', links: [] as Link[], imgs: [] as Element[] };
    // nested blocks inside a list item or cell (e.g. <li><p>…</p><ul>…</ul></li>) are blocks of their own
    const own: ElementContent[] = [];
    const nested: Element[] = [];
    for (const c of el.children) (c.type === 'element' && (BLOCKS.has(c.tagName) || CONTAINERS.has(c.tagName)) ? nested.push(c) : own.push(c));
    inline(own, acc);
    const { text, links } = normalise(acc.text, acc.links);
    // the number Word shows for each note reference ("[1]"), to name notes the way the reader sees them
    for (const l of links) if (/^#(footnote|endnote)-\d+$/.test(l.url)) { const n = /\d+/.exec(text.slice(l.start, l.end)); if (n) noteLabels.set(l.url, n[0]); }
    const h = /^h([1-6])$/.exec(el.tagName);
    let where: Record<string, unknown>;
    if (extra.note) where = extra.note;
    else {
      if (text.trim() || acc.imgs.length) paragraph++;
      if (h && text.trim()) heading = text.trim();
      where = { paragraph, ...(heading && !h ? { heading } : {}) };
    }
    out.add(text, { kind: h ? 'heading' : kind, source: extra.source ?? 'text', depth: h ? Number(h[1]) : undefined, links, location: where });
    await addImages(acc.imgs, where);
    for (const c of nested) await walk(c, kind === 'paragraph' ? 'paragraph' : kind, extra);
  };

  const walk = async (node: RootContent | ElementContent, kind: SegmentKind, extra: { source?: string; note?: Record<string, number> } = {}): Promise<void> => {
    if (node.type !== 'element') return;
    const tag = node.tagName;
    const id = typeof node.properties?.id === 'string' ? node.properties.id : '';
    const note = /^(footnote|endnote)-(\d+)$/.exec(id);
    if (tag === 'li' && note) {
      const label = Number(noteLabels.get(`#${id}`) ?? note[2]);
      for (const c of node.children) await walk(c, 'paragraph', { source: note[1]!, note: { [note[1]!]: label } });
      return;
    }
    if (BLOCKS.has(tag)) {
      const k: SegmentKind = tag === 'li' ? 'list-item' : tag === 'td' || tag === 'th' ? 'table-cell' : tag === 'blockquote' ? 'blockquote' : kind;
      return block(node, k, extra);
    }
    for (const c of node.children) await walk(c, kind, extra);
  };

  const tree = parser.parse(html) as Root;
  try {
    for (const c of tree.children) await walk(c, 'paragraph');
  } catch (e) {
    throw docxError(e);
  }

  return {
    filePath,
    format: 'docx',
    text: out.text,
    segments: out.segments,
    images,
    frontMatter: {},
    directives: [],
    data: { docx: { images: media.length, ocr: ocrWanted(options) ? (ocr ? 'on' : 'unavailable') : 'off' }, textExtracted: true },
  };
}
