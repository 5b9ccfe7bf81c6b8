/**
 * PDF → the document model (pdfjs-dist 5.4 legacy build, in-process: no worker, no network).
 *
 * A PDF has no text offsets a reader could use, so `doc.text` is the extracted plain text: each
 * page's paragraphs in reading order, then figure alt texts, OCR text and metadata, separated by
 * blank lines. Every segment maps exactly into that text, so line/column/offset point into it,
 * and `segment.location` says where to look in the PDF itself: `{ page, paragraph }`.
 *
 * - Paragraphs come from the text layer: lines are grouped by size and spacing; lines in a
 *   clearly larger font than the body become headings (depth by size rank).
 * - Link annotations become `segment.links` (citations for the statistics rules).
 * - Tagged-PDF figure alt text (StructTree Figure /Alt) becomes `alt` segments and image refs.
 * - Title, Subject, Keywords and XMP dc:title / dc:description become `meta` segments.
 * - Embedded images are decoded and, with OCR on, read through src/ocr.ts.
 * Encrypted, damaged and image-only PDFs (no text layer, OCR off) throw an InputError with one
 * clear sentence; the engine turns it into one fatal finding and the run goes on.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CampaignDocument, ImageRef, Segment, SegmentKind } from '../types.js';
import { InputError, type ParseOptions } from './index.js';

/** More pages than this: refuse rather than exhaust memory. */
export const MAX_PDF_PAGES = 500;
/** More extracted characters than this (about 2,000 dense pages): refuse. */
export const MAX_EXTRACTED_CHARS = 5_000_000;
/** At most this many embedded images are read (OCR) per document. */
export const MAX_OCR_IMAGES = 40;
/** Embedded images larger than this (pixels) are not decoded. */
const MAX_IMAGE_PIXELS = 40_000_000;
/** A PDF that takes longer than this to read is given up (a pathological or hostile file). */
export const PDF_TIME_LIMIT_MS = 120_000;
/** Images smaller than this (px, either side) are icons or rules, not text. */
const MIN_OCR_SIDE = 48;
/** Larger images are scaled down before OCR (pixels, longest side). */
const MAX_OCR_SIDE = 2400;

type Link = { start: number; end: number; url: string };

/**
 * Builds `doc.text` and segments that map exactly into it: each added entry is one segment whose
 * text is a verbatim slice of the document text.
 */
export class ExtractedText {
  text = '';
  segments: Segment[] = [];
  constructor(private readonly limit = MAX_EXTRACTED_CHARS, private readonly what = 'document') {}

  add(value: string, props: { kind: SegmentKind; source: string; depth?: number; links?: Link[]; image?: number; location?: Record<string, unknown> }): Segment | null {
    // trim, keeping link ranges aligned
    const lead = value.length - value.trimStart().length;
    const body = value.trim();
    if (!body) return null;
    if (this.text.length) this.text += '\n\n';
    const file = this.text.length;
    this.text += body;
    if (this.text.length > this.limit) {
      throw new InputError(`This ${this.what} holds more than ${(this.limit / 1e6).toFixed(0)} million characters of text, over campaign-lint's limit. Split it into smaller files and check each one.`);
    }
    const links = props.links
      ?.map((l) => ({ start: Math.max(0, l.start - lead), end: Math.min(body.length, l.end - lead), url: l.url }))
      .filter((l) => l.end > l.start)
      .sort((a, b) => a.start - b.start);
    const seg: Segment = {
      id: this.segments.length,
      text: body,
      kind: props.kind,
      source: props.source,
      pieces: [{ seg: 0, file, len: body.length, fileLen: body.length }],
      ...(props.depth !== undefined ? { depth: props.depth } : {}),
      ...(links && links.length ? { links } : {}),
      ...(props.image !== undefined ? { image: props.image } : {}),
      ...(props.location ? { location: props.location } : {}),
    };
    this.segments.push(seg);
    return seg;
  }

  /** the file range of the last added segment (for image references) */
  lastRange(): [number, number] {
    const p = this.segments[this.segments.length - 1]?.pieces[0];
    return p ? [p.file, p.file + p.fileLen] : [0, 0];
  }
}

/**
 * OCR runs when asked (--ocr / "ocr": true), never when refused (--no-ocr), and otherwise only for
 * files named on the command line, as for image files: a folder walk stays fast.
 */
export function ocrWanted(options: ParseOptions): boolean {
  return options.ocr ?? options.explicit === true;
}

// ── OCR (src/ocr.ts: one shared tesseract.js worker, loaded only when OCR is on) ────────────
type OcrFn = (png: Buffer) => Promise<unknown>;
let ocrLoader: Promise<OcrFn | null> | undefined;
/** The OCR entry point, or null when it cannot be loaded in this installation. */
export function loadOcr(): Promise<OcrFn | null> {
  ocrLoader ??= import('../ocr.js').then((m) => m.ocrImage as OcrFn, () => null);
  return ocrLoader;
}

/** OCR an image and return its text as paragraphs (the OCR's own paragraphs, or blank-line separated text). */
export async function ocrParagraphs(ocr: OcrFn, png: Buffer): Promise<string[]> {
  const r = await ocr(png) as string | { text?: unknown; paragraphs?: { text?: unknown }[] } | null;
  const paras = typeof r === 'string' ? r.split(/\n\s*\n/)
    : Array.isArray(r?.paragraphs) ? r.paragraphs.map((p) => (typeof p.text === 'string' ? p.text : ''))
    : typeof r?.text === 'string' ? r.text.split(/\n\s*\n/) : [];
  return paras.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => /\p{L}{2}/u.test(p));
}

// ── pdfjs loading ────────────────────────────────────────────────────────────────────────────
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoader: Promise<Pdfjs> | undefined;
const loadPdfjs = () => (pdfjsLoader ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
const pdfjsDir = () => path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// ── layout: text items → lines → paragraphs ──────────────────────────────────────────────────
interface Run { str: string; x: number; y: number; w: number; size: number; start: number; end: number; note?: boolean }
interface Line { runs: Run[]; text: string; y: number; size: number }
interface Para { lines: Line[]; text: string; size: number; runs: Run[] }

interface RawItem { str: string; transform: number[]; width: number; height: number; hasEOL: boolean }
const isTextItem = (i: unknown): i is RawItem => !!i && typeof (i as RawItem).str === 'string' && Array.isArray((i as RawItem).transform);

function buildLines(items: unknown[]): Line[] {
  const lines: Line[] = [];
  let cur: Run[] = [];
  const close = () => {
    if (!cur.length) return;
    // the line's size and baseline are those of most of its characters (not of a superscript or drop cap)
    const weight = new Map<number, number>();
    for (const r of cur) weight.set(r.size, (weight.get(r.size) ?? 0) + r.str.length);
    const size = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const main = cur.find((r) => r.size === size)!;
    let text = '';
    cur.forEach((r, i) => {
      const prev = cur[i - 1];
      // a raised, smaller number is a note marker: written [1], as Word's are, and linked to the note
      r.note = r.size < 0.85 * size && r.y > main.y + 0.15 * size && /^\s*\d{1,3}\s*$/.test(r.str);
      if (!r.note && prev && text && !/\s$/.test(text) && !/^\s/.test(r.str) && r.x - (prev.x + prev.w) > 0.2 * r.size) text += ' ';
      r.start = text.length;
      text += r.note ? `[${r.str.trim()}]` : r.str;
      r.end = text.length;
    });
    const trimmed = text.trimEnd();
    if (trimmed.trim()) lines.push({ runs: cur, text: trimmed, y: main.y, size });
    cur = [];
  };
  for (const it of items) {
    if (!isTextItem(it)) continue;
    const t = it.transform;
    const size = Math.hypot(t[2] ?? 0, t[3] ?? 0) || it.height || 1;
    const x = t[4] ?? 0, y = t[5] ?? 0;
    if (it.str) {
      const last = cur[cur.length - 1];
      // a new line when the baseline moves by more than half a line (superscripts and subscripts stay)
      if (last && (Math.abs(y - last.y) > 0.5 * Math.max(size, last.size) || x < last.x - size)) close();
      cur.push({ str: it.str, x, y, w: it.width, size, start: 0, end: 0 });
    }
    if (it.hasEOL) close();
  }
  close();
  return lines;
}

function quantile(xs: number[], q: number): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function buildParagraphs(lines: Line[]): Para[] {
  // typical line spacing on this page, from consecutive lines of the same size
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!, b = lines[i]!;
    if (Math.abs(a.size - b.size) <= 0.1 * a.size && a.y > b.y) gaps.push((a.y - b.y) / a.size);
  }
  const leading = Math.min(1.6, Math.max(1.0, quantile(gaps, 0.1) ?? 1.2));
  const paras: Para[] = [];
  let cur: Line[] = [];
  const close = () => {
    if (!cur.length) return;
    let text = '';
    const runs: Run[] = [];
    for (const l of cur) {
      const lineText = l.text;
      let sep = text ? ' ' : '';
      // re-join a word hyphenated across a line break ("traf-" + "ficking")
      if (/\p{Ll}[-\u00AD\u2010]$/u.test(text) && /^\p{Ll}/u.test(lineText)) { text = text.slice(0, -1); sep = ''; }
      const base = text.length + sep.length;
      text += sep + lineText;
      for (const r of l.runs) runs.push({ ...r, start: Math.min(base + r.start, text.length), end: Math.min(base + r.end, text.length) });
    }
    paras.push({ lines: cur, text, size: Math.max(...cur.map((l) => l.size)), runs });
    cur = [];
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const sameSize = Math.abs(prev.size - l.size) <= 0.15 * prev.size;
      const gap = (prev.y - l.y) / prev.size;
      if (!sameSize || gap <= 0 || gap > leading * 1.3) close();
    }
    cur.push(l);
  }
  close();
  return paras;
}

/** Map a link rectangle onto the paragraph text: the runs it covers, clipped by x and snapped to words. */
function linkRange(p: Para, rect: number[]): [number, number] | null {
  const [x1, y1, x2, y2] = [Math.min(rect[0]!, rect[2]!), Math.min(rect[1]!, rect[3]!), Math.max(rect[0]!, rect[2]!), Math.max(rect[1]!, rect[3]!)];
  let s = Infinity, e = -Infinity;
  for (const r of p.runs) {
    const top = r.y + 0.8 * r.size, bottom = r.y - 0.2 * r.size;
    const vOverlap = Math.min(top, y2) - Math.max(bottom, y1);
    if (vOverlap < 0.4 * r.size) continue;
    if (Math.min(r.x + r.w, x2) - Math.max(r.x, x1) <= 0) continue;
    const len = r.end - r.start;
    const a = r.w > 0 ? Math.max(0, Math.floor(((Math.max(x1, r.x) - r.x) / r.w) * len + 0.3)) : 0;
    const b = r.w > 0 ? Math.min(len, Math.ceil(((Math.min(x2, r.x + r.w) - r.x) / r.w) * len - 0.3)) : len;
    if (b <= a) continue;
    s = Math.min(s, r.start + a);
    e = Math.max(e, r.start + b);
  }
  if (!(e > s)) return null;
  const t = p.text;
  while (s > 0 && /\w/.test(t[s - 1]!) && /\w/.test(t[s]!)) s--;
  while (e < t.length && /\w/.test(t[e - 1]!) && /\w/.test(t[e]!)) e++;
  while (s < e && /\s/.test(t[s]!)) s++;
  while (e > s && /\s/.test(t[e - 1]!)) e--;
  return e > s ? [s, e] : null;
}

interface StructNode { role?: string; alt?: string; children?: StructNode[] }
function figureAlts(node: StructNode | null | undefined, out: string[] = [], depth = 0): string[] {
  if (!node || depth > 64) return out;
  if (node.alt && /^(Figure|Image|Graphic|Picture|Photo)$/i.test(node.role ?? '') && node.alt.trim()) out.push(node.alt.trim());
  for (const c of node.children ?? []) figureAlts(c, out, depth + 1);
  return out;
}

/** Decoded pdfjs image → PNG (sharp), scaled for OCR. */
async function imageToPng(img: { width: number; height: number; kind?: number; data?: Uint8Array | Uint8ClampedArray }): Promise<Buffer | null> {
  const { width, height, kind, data } = img;
  if (!data || width < MIN_OCR_SIDE || height < MIN_OCR_SIDE) return null;
  let raw: Buffer, channels: 1 | 3 | 4;
  if (kind === 1) {
    // GRAYSCALE_1BPP: packed bits, rows padded to whole bytes
    const rowBytes = (width + 7) >> 3;
    raw = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * width + x] = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    channels = 1;
  } else if (kind === 2) { raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength); channels = 3; }
  else if (kind === 3) { raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength); channels = 4; }
  else return null;
  if (raw.length < width * height * channels) return null;
  const { default: sharp } = await import('sharp');
  let pipe = sharp(raw, { raw: { width, height, channels } });
  if (Math.max(width, height) > MAX_OCR_SIDE) pipe = pipe.resize({ width: MAX_OCR_SIDE, height: MAX_OCR_SIDE, fit: 'inside' });
  return pipe.png().toBuffer();
}

const META_FIELDS: [string, string][] = [['Title', 'pdf:Title'], ['Subject', 'pdf:Subject'], ['Keywords', 'pdf:Keywords']];
const XMP_FIELDS: [string, string][] = [['dc:title', 'xmp:dc:title'], ['dc:description', 'xmp:dc:description'], ['dc:subject', 'xmp:dc:subject']];

function pdfError(e: unknown): Error {
  const name = (e as { name?: string })?.name ?? '';
  if (e instanceof InputError) return e;
  if (name === 'PasswordException') return new InputError('This PDF is password-protected, so campaign-lint cannot read it. Export a copy without a password and check that.');
  // anything else pdfjs trips over is a damaged file as far as the reader can act on it
  return new InputError('This file is not a readable PDF: it may be damaged or only partly saved. Export it again from the original and check the new copy.');
}

export async function parsePdf(filePath: string, input: Buffer, options: ParseOptions = {}): Promise<CampaignDocument> {
  const pdfjs = await loadPdfjs();
  const dir = pdfjsDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength)),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
    standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep,
    cMapUrl: path.join(dir, 'cmaps') + path.sep,
    cMapPacked: true,
    // images are decoded only for OCR; a bigger one is skipped rather than filling memory
    maxImageSize: MAX_IMAGE_PIXELS,
  });
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    throw pdfError(e);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InputError(`Reading this PDF took longer than ${PDF_TIME_LIMIT_MS / 1000} seconds, so campaign-lint gave up on it. Export it again (for example with "Reduce file size") and check the new copy.`)), PDF_TIME_LIMIT_MS);
    timer.unref?.();
  });
  try {
    return await Promise.race([extract(filePath, pdf, pdfjs, options), timeout]);
  } catch (e) {
    throw pdfError(e);
  } finally {
    clearTimeout(timer);
    await pdf.destroy().catch(() => {});
  }
}

type PdfDoc = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;

async function extract(filePath: string, pdf: PdfDoc, pdfjs: Pdfjs, options: ParseOptions): Promise<CampaignDocument> {
  if (pdf.numPages > MAX_PDF_PAGES) {
    throw new InputError(`This PDF has ${pdf.numPages} pages; campaign-lint reads at most ${MAX_PDF_PAGES}. Split it into smaller files and check each one.`);
  }
  const ocr = ocrWanted(options) ? await loadOcr() : null;
  const out = new ExtractedText(MAX_EXTRACTED_CHARS, 'PDF');
  const images: ImageRef[] = [];

  // pass 1: text layer, links, figure alts and images per page
  interface PageData { paras: Para[]; links: { rect: number[]; url: string }[]; alts: string[]; ocr: string[][] }
  const pages: PageData[] = [];
  let textChars = 0, imageCount = 0, ocrImages = 0;
  const seenImages = new Set<string>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const paras = buildParagraphs(buildLines(content.items));
    textChars += paras.reduce((a, p) => a + p.text.length, 0);
    if (textChars > MAX_EXTRACTED_CHARS) throw new InputError(`This PDF holds more than ${(MAX_EXTRACTED_CHARS / 1e6).toFixed(0)} million characters of text, over campaign-lint's limit. Split it into smaller files and check each one.`);
    const annots = (await page.getAnnotations()) as { subtype?: string; url?: string; unsafeUrl?: string; dest?: unknown; rect?: number[] }[];
    // web links, and links to a place in the document (a notes or sources page) as "#name"
    const target = (a: (typeof annots)[number]) => a.url || a.unsafeUrl || (typeof a.dest === 'string' ? `#${a.dest}` : a.dest ? '#destination' : '');
    const links = annots.filter((a) => a.subtype === 'Link' && target(a) && Array.isArray(a.rect)).map((a) => ({ rect: a.rect!, url: target(a) }));
    const alts = figureAlts((await page.getStructTree().catch(() => null)) as StructNode | null);
    const pageOcr: string[][] = [];
    // building the operator list decodes the page's images: only when OCR needs them, or to tell
    // an image-only page from an empty one
    const needOps = ocrWanted(options) || paras.length === 0;
    const ops = needOps ? await page.getOperatorList() : { fnArray: [] as number[], argsArray: [] as unknown[] };
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== pdfjs.OPS.paintImageXObject) continue;
      imageCount++;
      const name = String((ops.argsArray[i] as unknown[])[0]);
      if (!ocr || ocrImages >= MAX_OCR_IMAGES) continue;
      const objs = name.startsWith('g_') ? page.commonObjs : page.objs;
      const img = await new Promise<unknown>((resolve) => { try { objs.get(name, resolve); } catch { resolve(null); } });
      const key = `${name.startsWith('g_') ? '' : n}:${name}:${(img as { ref?: string })?.ref ?? ''}`;
      if (!img || seenImages.has(key)) continue;
      seenImages.add(key);
      try {
        const png = await imageToPng(img as { width: number; height: number; kind?: number; data?: Uint8Array });
        if (!png) continue;
        ocrImages++;
        pageOcr.push(await ocrParagraphs(ocr, png));
      } catch { /* an image that cannot be decoded or read: the page's text is still checked */ }
    }
    pages.push({ paras, links, alts, ocr: pageOcr });
    page.cleanup();
  }

  const hasText = pages.some((p) => p.paras.some((q) => q.text.trim()));
  if (!hasText && !ocrWanted(options)) {
    throw new InputError(imageCount
      ? 'This PDF has no text layer: its pages are images (a scan or a flattened export). Run with --ocr to read the words in them, or export the PDF with its text.'
      : 'This PDF has no text to check: its pages are empty or made only of drawings.');
  }
  if (!hasText && ocrWanted(options) && !ocr) {
    throw new InputError('This PDF has no text layer and OCR is not available in this installation, so there is nothing to check. Export the PDF with its text.');
  }

  // body size = the size carrying the most characters; clearly larger short paragraphs are headings
  const bySize = new Map<number, number>();
  for (const p of pages) for (const q of p.paras) { const k = Math.round(q.size * 2) / 2; bySize.set(k, (bySize.get(k) ?? 0) + q.text.length); }
  const body = [...bySize.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
  const isHeading = (q: Para) => q.size >= body * 1.15 && q.text.length <= 200 && q.lines.length <= 3;
  const headingSizes = [...new Set(pages.flatMap((p) => p.paras.filter(isHeading).map((q) => Math.round(q.size * 2) / 2)))].sort((a, b) => b - a);

  // running headers and footers (the same short line at the top or bottom of most pages, page
  // numbers aside) are checked once, on the first page that has them, not once per page
  const edgeKey = (q: Para) => (q.text.length <= 120 ? q.text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase() : '');
  const edgePages = new Map<string, number>();
  for (const p of pages) {
    const edges = new Set([...p.paras.slice(0, 2), ...p.paras.slice(-2)].map(edgeKey).filter(Boolean));
    for (const k of edges) edgePages.set(k, (edgePages.get(k) ?? 0) + 1);
  }
  const running = new Set([...edgePages].filter(([, n]) => n >= 3 && n >= pages.length / 2).map(([k]) => k));
  const seenRunning = new Set<string>();

  // pass 2: segments in reading order
  pages.forEach((p, i) => {
    const page = i + 1;
    p.paras.forEach((q, j) => {
      const key = edgeKey(q);
      if (running.has(key) && (j < 2 || j >= p.paras.length - 2)) {
        if (seenRunning.has(key)) return;
        seenRunning.add(key);
      }
      const links: Link[] = [];
      for (const l of p.links) { const r = linkRange(q, l.rect); if (r) links.push({ start: r[0], end: r[1], url: l.url }); }
      for (const r of q.runs) if (r.note && r.end > r.start) links.push({ start: r.start, end: r.end, url: `#note-${r.str.trim()}` });
      const heading = isHeading(q);
      out.add(q.text, {
        kind: heading ? 'heading' : 'paragraph',
        source: 'text',
        depth: heading ? Math.min(6, headingSizes.indexOf(Math.round(q.size * 2) / 2) + 1) : undefined,
        links,
        location: { page, paragraph: j + 1 },
      });
    });
    p.alts.forEach((alt, k) => {
      const imgIndex = images.length;
      if (out.add(alt, { kind: 'alt', source: 'alt', image: imgIndex, location: { page, figure: k + 1 } })) {
        const [start, end] = out.lastRange();
        images.push({ src: `page ${page}, figure ${k + 1}`, alt, start, end });
      }
    });
    p.ocr.forEach((paras, k) => paras.forEach((t) => out.add(t, { kind: 'ocr', source: 'ocr', location: { page, image: k + 1 } })));
  });

  // document metadata
  const meta = await pdf.getMetadata().catch(() => null);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  // a metadata value that repeats a paragraph of the page text (often the Title) is checked there once
  const seen = new Set<string>(pages.flatMap((p) => p.paras.map((q) => q.text.replace(/\s+/g, ' ').trim().toLowerCase())));
  const addMeta = (value: unknown, source: string) => {
    const v = (Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
    if (!v || seen.has(v.toLowerCase())) return;
    seen.add(v.toLowerCase());
    out.add(v, { kind: 'meta', source });
  };
  for (const [field, source] of META_FIELDS) addMeta(info[field], source);
  const xmp = meta?.metadata as { get?: (k: string) => unknown } | null | undefined;
  if (xmp && typeof xmp.get === 'function') for (const [field, source] of XMP_FIELDS) addMeta(xmp.get(field), source);

  return {
    filePath,
    format: 'pdf',
    text: out.text,
    segments: out.segments,
    images,
    frontMatter: {},
    directives: [],
    data: { pdf: { pages: pdf.numPages, ocrImages, ocr: ocrWanted(options) ? (ocr ? 'on' : 'unavailable') : 'off' }, textExtracted: true },
  };
}
