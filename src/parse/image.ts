/**
 * Image files (JPEG, PNG, WebP, TIFF, GIF, AVIF, HEIC, SVG) → the document model. An image has no
 * text of its own (`text` is ''), so every description it carries becomes a prose segment of kind
 * `metadata` whose `source` names the field (exif:ImageDescription, xmp:dc:description,
 * iptc:Caption-Abstract, png:Description, svg:title, ...), plus the file name split into words
 * (`filename`) and, when OCR runs, the text printed on the image (`ocr`). Segment pieces all map to
 * offset 0. Facts for image rules (location fields, people named, size) go in `doc.data`.
 *
 * Safety: sharp reads only the header and metadata blocks (no pixel decoding) with limitInputPixels
 * on; damaged, cut-off or enormous files raise one clear InputError.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { CampaignDocument, Segment, SegmentKind } from '../types.js';
import { InputError, type ParseOptions } from './index.js';
import {
  readTiff, tiffString, userComment, gpsPosition, readXmp, readIptc, iptcText, pngChunks, pngText, jpegInfo,
  isobmffComplete, tiffComplete, parseXml, elements, textOf, type XmpValue,
} from './image-meta.js';

/** sharp's own default (0x3FFF × 0x3FFF); kept explicit so nobody turns it off by accident. */
export const MAX_INPUT_PIXELS = 268402689;
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif', '.svg'];

export interface LocationField {
  /** the field, as in a finding's `source`: exif:GPS, iptc:City, xmp:photoshop:City, xmp:Iptc4xmpExt:LocationShown ... */
  source: string;
  value: string;
  /** true when `--fix` can remove it from the image file (false for a sidecar .xmp) */
  fixable: boolean;
}
export interface PersonField { source: string; name: string }
export interface ImageData {
  width?: number;
  height?: number;
  imageFormat: string;
  gps?: { latitude: number; longitude: number };
  location: LocationField[];
  people: PersonField[];
  /** plus:ModelReleaseStatus / ModelReleaseID, when the file records a model release */
  modelRelease?: string;
  /** Iptc4xmpExt:DigitalSourceType (e.g. trainedAlgorithmicMedia for AI images) */
  digitalSourceType?: string;
  ocr?: { ran: boolean; confidence?: number; ms?: number; error?: string };
  [k: string]: unknown;
}
export interface TextField { source: string; text: string; kind?: SegmentKind; location?: Record<string, unknown> }

const XMP_TEXT = new Set([
  'dc:title', 'dc:description', 'dc:subject', 'Iptc4xmpCore:AltTextAccessibility', 'Iptc4xmpCore:ExtDescrAccessibility',
  'photoshop:Headline', 'Iptc4xmpExt:AOContentDescription', 'exif:UserComment', 'tiff:ImageDescription', 'lr:hierarchicalSubject',
]);
/** XMP list properties whose items are keywords: joined into one segment */
const XMP_LIST = new Set(['dc:subject', 'lr:hierarchicalSubject']);
const XMP_PLACE = /^(photoshop:(City|State)|Iptc4xmpCore:Location|exif:GPS(Latitude|Longitude|AreaInformation)|exifEX:GPS|Iptc4xmpExt:Location(Shown|Created)\/.*(City|Sublocation|ProvinceState|GPS\w*|LocationName))$/;
const XMP_PERSON = /^(Iptc4xmpExt:PersonInImage|Iptc4xmpExt:PersonInImageWDetails\/Iptc4xmpExt:PersonName|mwg-rs:Regions\/.*mwg-rs:Name|MP:RegionInfo\/.*MPReg:PersonDisplayName)$/;

const IPTC_TEXT: Record<number, string> = { 5: 'ObjectName', 25: 'Keywords', 105: 'Headline', 120: 'Caption-Abstract' };
const IPTC_PLACE: Record<number, string> = { 90: 'City', 92: 'Sub-location', 95: 'Province-State', 27: 'ContentLocationName' };
const PNG_TEXT = /^(title|description|comment|keywords|subject|caption|alt|alt text|headline)$/i;

/** Everything campaign-lint reads from one image file, before it becomes a document. */
export interface ImageInfo { fields: TextField[]; data: ImageData }

/** Is this XMP property path a location field (GPS or a precise place)? The fixer removes exactly these. */
export function isXmpLocation(p: string): boolean {
  return /^exif:GPS(Latitude|Longitude)$/.test(p) || XMP_PLACE.test(p);
}
/** IPTC IIM datasets (record 2) that hold a precise place. */
export const IPTC_PLACE_DATASETS = new Set(Object.keys(IPTC_PLACE).map(Number));

function xmpFields(xml: string, prefix: string, fixable: boolean, info: ImageInfo): void {
  let values: XmpValue[];
  try { values = readXmp(xml); } catch { return; }
  const lists = new Map<string, string[]>();
  const gps: string[] = [];
  for (const v of values) {
    const top = v.path.split('/')[0]!;
    if (XMP_TEXT.has(top)) {
      if (XMP_LIST.has(top)) { const l = lists.get(top) ?? []; l.push(v.value); lists.set(top, l); continue; }
      const lang = v.lang && v.lang !== 'x-default' ? `[${v.lang}]` : '';
      info.fields.push({ source: `${prefix}:${top}${lang}`, text: v.value });
    } else if (XMP_PERSON.test(v.path)) {
      info.data.people.push({ source: `${prefix}:${top}`, name: v.value });
      info.fields.push({ source: `${prefix}:${top}`, text: v.value });
    } else if (/^exif:GPS(Latitude|Longitude)$/.test(v.path)) {
      gps.push(v.value);
    } else if (XMP_PLACE.test(v.path)) {
      info.data.location.push({ source: `${prefix}:${v.path.split('/').slice(0, 2).join('/')}`, value: v.value, fixable });
    } else if (/^plus:ModelRelease(Status|ID)$/.test(v.path)) info.data.modelRelease = v.value;
    else if (v.path === 'Iptc4xmpExt:DigitalSourceType') info.data.digitalSourceType = v.value;
  }
  for (const [top, items] of lists) info.fields.push({ source: `${prefix}:${top}`, text: items.join(', ') });
  if (gps.length) info.data.location.push({ source: `${prefix}:exif:GPS`, value: gps.join(' '), fixable });
}

function exifFields(tiffBuf: Buffer, info: ImageInfo): void {
  const t = readTiff(tiffBuf);
  if (!t) return;
  const add = (name: string, s: string | undefined) => { if (s) info.fields.push({ source: `exif:${name}`, text: name === 'XPKeywords' ? s.split(/\s*;\s*/).filter(Boolean).join(', ') : s }); };
  const i0 = t.ifd0?.entries;
  add('ImageDescription', tiffString(t, i0?.get(0x010e)));
  add('XPTitle', tiffString(t, i0?.get(0x9c9b)));
  add('XPSubject', tiffString(t, i0?.get(0x9c9f)));
  add('XPComment', tiffString(t, i0?.get(0x9c9c)));
  add('XPKeywords', tiffString(t, i0?.get(0x9c9e)));
  add('UserComment', userComment(t, t.exif?.entries.get(0x9286)));
  const gps = gpsPosition(t);
  if (gps) {
    info.data.gps = gps;
    info.data.location.push({ source: 'exif:GPS', value: `${gps.latitude.toFixed(5)}, ${gps.longitude.toFixed(5)}`, fixable: true });
  }
}

function iptcFields(block: Buffer, info: ImageInfo): void {
  const recs = readIptc(block);
  const keywords: string[] = [];
  for (const r of recs) {
    if (r.record !== 2) continue;
    const text = iptcText(recs, r);
    if (!text) continue;
    if (r.dataset === 25) keywords.push(text);
    else if (IPTC_TEXT[r.dataset]) info.fields.push({ source: `iptc:${IPTC_TEXT[r.dataset]}`, text });
    else if (IPTC_PLACE[r.dataset]) info.data.location.push({ source: `iptc:${IPTC_PLACE[r.dataset]}`, value: text, fixable: true });
  }
  if (keywords.length) info.fields.push({ source: 'iptc:Keywords', text: keywords.join(', ') });
}

/** The file name as words: `girl-in-chains_v2.jpg` → "girl in chains". */
export function filenameWords(filePath: string): string {
  const base = path.basename(filePath, path.extname(filePath));
  const STOP = new Set(['img', 'dsc', 'dscf', 'dscn', 'pxl', 'mvimg', 'final', 'copy', 'edit', 'edited', 'web', 'hires', 'lowres']);
  return base.split(/[^\p{L}\p{N}]+/u)
    .filter((t) => !/^(v|ver|rev)?\d+[a-z]?$/i.test(t))
    .flatMap((t) => t.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Za-z])(\d)/g, '$1 $2').replace(/(\d)([A-Za-z])/g, '$1 $2').split(' '))
    .filter((t) => /[a-z]/i.test(t) && !/^\d+$/.test(t) && !STOP.has(t.toLowerCase()) && (t.length > 1 || /^a$/i.test(t)))
    .map((t) => (/^[A-Z][a-z]/.test(t) || /^[A-Z]+$/.test(t) ? t.toLowerCase() : t))
    .join(' ');
}

function svgInfo(buf: Buffer, info: ImageInfo): void {
  const src = buf.toString('utf8');
  if (!/<svg[\s>]/i.test(src.slice(0, 65536))) throw new InputError('This file has no <svg> element, so it is not an SVG image. Check the file, or rename it if it is something else.');
  const root = parseXml(src);
  for (const el of elements(root)) {
    const local = el.name.replace(/^svg:/, '');
    if (local === 'title' || local === 'desc' || local === 'text') {
      const t = textOf(el).replace(/\s+/g, ' ').trim();
      if (t) info.fields.push({ source: `svg:${local}`, text: t });
    }
    const aria = el.attrs.find((a) => a.name === 'aria-label');
    if (aria?.value.trim()) info.fields.push({ source: 'svg:aria-label', text: aria.value.trim() });
    if (local === 'metadata' && /rdf:RDF/.test(src.slice(el.start, el.end))) xmpFields(src.slice(el.start, el.end), 'xmp', false, info);
  }
}

function damaged(): InputError {
  return new InputError('This image file is damaged or is not the kind of image its name says. Open it in an image editor and save or export it again.');
}
function truncated(): InputError {
  return new InputError('This image file is cut off: it ends before the picture does (an interrupted download or copy?). Copy or export it again.');
}

/** A file that starts like a known image but stops early (used to explain a file sharp cannot open). */
function looksTruncated(buf: Buffer): boolean {
  const head = buf.toString('latin1', 0, 16);
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) { const j = jpegInfo(buf); return j.scan && !j.complete; }
  if (head.startsWith('\x89PNG')) return !pngChunks(buf).complete && pngChunks(buf).chunks.some((c) => c.type === 'IHDR');
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return buf.length >= 12 && buf.readUInt32LE(4) + 8 > buf.length;
  return false;
}

/**
 * Read an image's descriptions and facts without decoding its pixels.
 * Throws an InputError (a one-line, plain message) for damaged, cut-off or enormous images.
 */
export async function readImageInfo(filePath: string, buf: Buffer): Promise<ImageInfo> {
  const info: ImageInfo = { fields: [], data: { imageFormat: 'unknown', location: [], people: [] } };
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.svg') {
    info.data.imageFormat = 'svg';
    svgInfo(buf, info);
    return info;
  }
  let m: Metadata;
  try {
    m = await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
  } catch (e) {
    const msg = (e as Error).message;
    if (/pixel limit/i.test(msg)) throw new InputError(`This image has more pixels than campaign-lint will open (${Math.round(MAX_INPUT_PIXELS / 1e6)} megapixels). Check a smaller export of it.`);
    if (looksTruncated(buf)) throw truncated();
    if (/heif|heic/i.test(msg) || ext === '.heic' || ext === '.heif') throw new InputError('campaign-lint cannot open this HEIC/HEIF image on this computer. Export it as JPEG and check that copy.');
    throw damaged();
  }
  info.data.imageFormat = m.format ?? 'unknown';
  info.data.width = m.width;
  info.data.height = m.height;
  const px = (m.width ?? 0) * (m.height ?? 0) * Math.max(1, m.pages ?? 1);
  if (!m.width || !m.height) throw damaged();
  if (px > MAX_INPUT_PIXELS) throw new InputError(`This image is ${m.width} × ${m.height} pixels${(m.pages ?? 1) > 1 ? ` × ${m.pages} pages` : ''}, more than campaign-lint will open (${Math.round(MAX_INPUT_PIXELS / 1e6)} megapixels). Check a smaller export of it.`);

  // container checks and blocks sharp does not hand over
  if (m.format === 'jpeg') {
    const j = jpegInfo(buf);
    if (!j.complete) throw truncated();
    for (const c of j.comments) info.fields.push({ source: 'jpeg:Comment', text: c });
  } else if (m.format === 'png') {
    const p = pngChunks(buf);
    if (!p.complete) throw truncated();
    for (const t of pngText(p.chunks)) {
      if (PNG_TEXT.test(t.keyword) && t.text.trim()) info.fields.push({ source: `png:${t.keyword}`, text: t.text.trim() });
    }
  } else if (m.format === 'webp') {
    if (buf.length < 12 || buf.readUInt32LE(4) + 8 > buf.length) throw truncated();
  } else if (m.format === 'heif') {
    if (!isobmffComplete(buf)) throw truncated();
  } else if (m.format === 'tiff') {
    const t = readTiff(buf);
    if (!t || !tiffComplete(t)) throw truncated();
  }

  // XMP first: it is the canonical home of captions and alt text, so it names the field when text repeats
  const xmp = m.xmp ? m.xmp.toString('utf8') : undefined;
  if (xmp) xmpFields(xmp, 'xmp', true, info);
  if (m.iptc) iptcFields(m.iptc, info);
  const exif = m.exif ?? (m.format === 'tiff' ? buf : undefined);
  if (exif) exifFields(exif, info);
  if (m.format === 'tiff' && !m.iptc) {
    const t = readTiff(buf);
    const e = t?.ifd0?.entries.get(33723);
    if (t && e) iptcFields(buf.subarray(e.valueAt, e.valueAt + e.size), info);
  }

  // a sidecar <name>.xmp next to the image
  for (const side of [filePath.slice(0, filePath.length - ext.length) + '.xmp', filePath + '.xmp']) {
    if (!fs.existsSync(side)) continue;
    let s: string;
    try { s = fs.readFileSync(side, 'utf8'); } catch { continue; }
    xmpFields(s, 'xmp-sidecar', false, info);
    info.data.sidecar = path.basename(side);
    break;
  }
  return info;
}

/** One segment per distinct text; the same caption repeated in EXIF, IPTC and XMP is read once (`alsoIn` lists the copies). */
export function fieldsToSegments(fields: TextField[], firstId = 0): Segment[] {
  const segs: Segment[] = [];
  const byText = new Map<string, Segment>();
  for (const f of fields) {
    const text = f.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const key = text.toLowerCase();
    const prev = byText.get(key);
    if (prev && f.kind !== 'ocr') {
      const also = ((prev.location ??= {}).alsoIn ??= []) as string[];
      if (prev.source !== f.source && !also.includes(f.source)) also.push(f.source);
      continue;
    }
    const seg: Segment = { id: firstId + segs.length, text, kind: f.kind ?? 'metadata', source: f.source, pieces: [{ seg: 0, file: 0, len: text.length, fileLen: 0 }] };
    if (f.location) seg.location = { ...f.location };
    byText.set(key, seg);
    segs.push(seg);
  }
  return segs;
}

function ocrWanted(options: ParseOptions, format: string): boolean {
  if (format === 'svg' || format === 'unknown') return false;
  if (options.ocr === false) return false;
  if (options.ocr === true) return true;
  // default: on for image files named on the command line, off when walking folders (fast)
  return options.explicit === true;
}

export async function parseImage(filePath: string, buf: Buffer, options: ParseOptions = {}): Promise<CampaignDocument> {
  const info = await readImageInfo(filePath, buf);
  const words = filenameWords(filePath);
  if (words) info.fields.push({ source: 'filename', text: words, kind: 'filename' });
  if (ocrWanted(options, info.data.imageFormat)) {
    const { ocrImage } = await import('../ocr.js');
    try {
      const r = await ocrImage(buf);
      info.data.ocr = { ran: true, confidence: r.confidence, ms: r.ms };
      for (const p of r.paragraphs) {
        info.fields.push({ source: 'ocr', kind: 'ocr', text: p.text, location: { bbox: p.bbox, confidence: Math.round(p.confidence) } });
      }
    } catch (e) {
      info.data.ocr = { ran: false, error: (e as Error).message.split('\n')[0] };
    }
  }
  return {
    filePath,
    format: 'image',
    text: '',
    segments: fieldsToSegments(info.fields),
    images: [],
    frontMatter: {},
    directives: [],
    data: info.data,
  };
}
