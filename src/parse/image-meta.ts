/**
 * Small, fast, dependency-free decoders for the metadata blocks sharp finds in an image: the EXIF/TIFF
 * directory (ImageDescription, XP* tags, UserComment, GPS), XMP packets (a tiny XML reader that keeps
 * source offsets so the fixer can blank fields in place), IPTC IIM records, PNG text chunks and JPEG
 * comments. Nothing here decodes pixels. Every reader is bounds-checked: bad input yields less data,
 * never an exception past the caller.
 */
import zlib from 'node:zlib';

// ---------------------------------------------------------------- TIFF / EXIF

export interface IfdEntry { tag: number; type: number; count: number; /** absolute offset of the value bytes */ valueAt: number; size: number; /** offset of the 12-byte entry */ entryAt: number }
export interface Ifd { at: number; entries: Map<number, IfdEntry> }
export interface Tiff { le: boolean; buf: Buffer; ifd0?: Ifd; exif?: Ifd; gps?: Ifd }

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

function u16(b: Buffer, o: number, le: boolean): number { return le ? b.readUInt16LE(o) : b.readUInt16BE(o); }
function u32(b: Buffer, o: number, le: boolean): number { return le ? b.readUInt32LE(o) : b.readUInt32BE(o); }

function readIfd(buf: Buffer, at: number, le: boolean): Ifd | undefined {
  if (at < 8 || at + 2 > buf.length) return undefined;
  const n = u16(buf, at, le);
  if (n > 1000 || at + 2 + n * 12 > buf.length) return undefined;
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < n; i++) {
    const e = at + 2 + i * 12;
    const tag = u16(buf, e, le), type = u16(buf, e + 2, le), count = u32(buf, e + 4, le);
    const size = (TYPE_SIZE[type] ?? 1) * count;
    const valueAt = size <= 4 ? e + 8 : u32(buf, e + 8, le);
    if (size > 4 && (valueAt + size > buf.length || size > 16 * 1024 * 1024)) continue;
    entries.set(tag, { tag, type, count, valueAt, size, entryAt: e });
  }
  return { at, entries };
}

/** Parse a TIFF structure (an EXIF block without its "Exif\0\0" prefix, or a whole .tif file). */
export function readTiff(input: Buffer): Tiff | undefined {
  const buf = input.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? input.subarray(6) : input;
  if (buf.length < 8) return undefined;
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  if (u16(buf, 2, le) !== 42) return undefined;
  const ifd0 = readIfd(buf, u32(buf, 4, le), le);
  const t: Tiff = { le, buf, ifd0 };
  const exifPtr = ifd0?.entries.get(0x8769), gpsPtr = ifd0?.entries.get(0x8825);
  if (exifPtr) t.exif = readIfd(buf, u32(buf, exifPtr.valueAt, le), le);
  if (gpsPtr) t.gps = readIfd(buf, u32(buf, gpsPtr.valueAt, le), le);
  return t;
}

function bytes(t: Tiff, e: IfdEntry): Buffer { return t.buf.subarray(e.valueAt, e.valueAt + e.size); }

/** Text that is valid UTF-8 is read as UTF-8, otherwise as Latin-1. */
export function decodeLoose(b: Buffer): string {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { return b.toString('latin1'); }
}

export function tiffString(t: Tiff, e: IfdEntry | undefined): string | undefined {
  if (!e) return undefined;
  const b = bytes(t, e);
  if (e.type === 1 && e.tag >= 0x9c9b && e.tag <= 0x9c9f) {
    // Windows XP tags: UTF-16LE, NUL-terminated, stored as BYTE
    return b.subarray(0, b.length - (b.length % 2)).toString('utf16le').replace(/\0+$/, '').replace(/\0/g, ' ').trim() || undefined;
  }
  if (e.type !== 2 && e.type !== 7 && e.type !== 1) return undefined;
  const end = b.indexOf(0);
  return decodeLoose(end >= 0 ? b.subarray(0, end) : b).trim() || undefined;
}

/** EXIF UserComment: an 8-byte character-code prefix, then the text. */
export function userComment(t: Tiff, e: IfdEntry | undefined): string | undefined {
  if (!e || e.size < 8) return undefined;
  const b = bytes(t, e);
  const code = b.toString('latin1', 0, 8).replace(/\0+$/, '');
  const body = b.subarray(8);
  let s: string;
  if (code === 'UNICODE') {
    const bomBE = body[0] === 0xfe && body[1] === 0xff, bomLE = body[0] === 0xff && body[1] === 0xfe;
    const be = bomBE || (!bomLE && !t.le);
    const p = bomBE || bomLE ? body.subarray(2) : body;
    const even = p.subarray(0, p.length - (p.length % 2));
    s = be ? Buffer.from(even).swap16().toString('utf16le') : even.toString('utf16le');
  } else if (code === 'JIS') return undefined;
  else s = decodeLoose(body);
  return s.replace(/\0/g, ' ').trim() || undefined;
}

function rationals(t: Tiff, e: IfdEntry | undefined): number[] | undefined {
  if (!e || (e.type !== 5 && e.type !== 10)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < e.count; i++) {
    const o = e.valueAt + i * 8;
    const n = e.type === 10 ? (t.le ? t.buf.readInt32LE(o) : t.buf.readInt32BE(o)) : u32(t.buf, o, t.le);
    const d = e.type === 10 ? (t.le ? t.buf.readInt32LE(o + 4) : t.buf.readInt32BE(o + 4)) : u32(t.buf, o + 4, t.le);
    out.push(d === 0 ? 0 : n / d);
  }
  return out;
}

/** GPS latitude/longitude in decimal degrees, when the GPS directory holds them. */
export function gpsPosition(t: Tiff): { latitude: number; longitude: number } | undefined {
  if (!t.gps) return undefined;
  const lat = rationals(t, t.gps.entries.get(2)), lon = rationals(t, t.gps.entries.get(4));
  if (!lat?.length || !lon?.length) return undefined;
  const dms = (v: number[]) => (v[0] ?? 0) + (v[1] ?? 0) / 60 + (v[2] ?? 0) / 3600;
  const latRef = tiffString(t, t.gps.entries.get(1)), lonRef = tiffString(t, t.gps.entries.get(3));
  return { latitude: dms(lat) * (latRef === 'S' ? -1 : 1), longitude: dms(lon) * (lonRef === 'W' ? -1 : 1) };
}

/** Overwrite the GPS directory in place (same length): every entry and its value bytes become zero and the count 0. */
export function blankGps(buf: Buffer): boolean {
  const t = readTiff(buf);
  if (!t?.gps) return false;
  const base = buf.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
  const n = u16(t.buf, t.gps.at, t.le);
  if (n === 0) return false;
  for (const e of t.gps.entries.values()) if (e.size > 4) buf.fill(0, base + e.valueAt, base + e.valueAt + e.size);
  buf.fill(0, base + t.gps.at, base + t.gps.at + 2 + n * 12 + 4);
  return true;
}

// ---------------------------------------------------------------- a tiny XML reader (XMP, SVG)

export interface XmlAttr { name: string; value: string; start: number; end: number }
export interface XmlEl { name: string; attrs: XmlAttr[]; children: XmlNode[]; start: number; end: number }
export type XmlNode = XmlEl | { text: string };

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') { const c = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10); return c > 0 && c < 0x110000 ? String.fromCodePoint(c) : m; }
    return ENT[e.toLowerCase()] ?? m;
  });
}

/** Parse XML into elements with source offsets. Entities other than the five predefined are left alone; no DTDs are read. */
export function parseXml(src: string): XmlEl {
  const root: XmlEl = { name: '#root', attrs: [], children: [], start: 0, end: src.length };
  const stack: XmlEl[] = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) { top.children.push({ text: m[1] }); continue; }
    if (m[6] !== undefined) { top.children.push({ text: decodeEntities(m[6]) }); continue; }
    if (!m[3]) continue;
    if (m[2] === '/') {
      const i = stack.map((e) => e.name).lastIndexOf(m[3]);
      if (i > 0) { for (let k = stack.length - 1; k >= i; k--) stack[k]!.end = re.lastIndex; stack.length = i; }
      continue;
    }
    const attrs: XmlAttr[] = [];
    const tagStart = m.index, attrText = m[4] ?? '';
    const attrBase = tagStart + 1 + m[3].length;
    const are = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
    let a: RegExpExecArray | null;
    while ((a = are.exec(attrText))) attrs.push({ name: a[1]!, value: decodeEntities(a[3] ?? a[4] ?? ''), start: attrBase + a.index, end: attrBase + a.index + a[0].length });
    const el: XmlEl = { name: m[3], attrs, children: [], start: tagStart, end: re.lastIndex };
    top.children.push(el);
    if (!m[5]) stack.push(el);
  }
  return root;
}

export function textOf(el: XmlEl): string {
  return el.children.map((c) => ('text' in c ? c.text : textOf(c))).join('');
}

export function* elements(el: XmlEl): Generator<XmlEl> {
  for (const c of el.children) if (!('text' in c)) { yield c; yield* elements(c); }
}

// ---------------------------------------------------------------- XMP

/** Canonical prefixes, so a packet that binds dc to another prefix still reads as dc:. */
const NS: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://ns.adobe.com/photoshop/1.0/': 'photoshop',
  'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/': 'Iptc4xmpCore',
  'http://iptc.org/std/Iptc4xmpExt/2008-02-29/': 'Iptc4xmpExt',
  'http://ns.adobe.com/exif/1.0/': 'exif',
  'http://cipa.jp/exif/1.0/': 'exifEX',
  'http://ns.adobe.com/tiff/1.0/': 'tiff',
  'http://www.metadataworkinggroup.com/schemas/regions/': 'mwg-rs',
  'http://ns.adobe.com/lightroom/1.0/': 'lr',
  'http://ns.useplus.org/ldf/xmp/1.0/': 'plus',
  'http://ns.microsoft.com/photo/1.2/': 'MP',
  'http://ns.microsoft.com/photo/1.2/t/RegionInfo#': 'MPRI',
  'http://ns.microsoft.com/photo/1.2/t/Region#': 'MPReg',
  'http://ns.adobe.com/xap/1.0/': 'xmp',
};

export interface XmpValue {
  /** property path from the top-level property, rdf containers left out: dc:description, Iptc4xmpExt:LocationShown/Iptc4xmpExt:City */
  path: string;
  value: string;
  lang?: string;
  /** source range of the whole top-level property (element or attribute), for in-place removal */
  top: { start: number; end: number };
}

const RDF_CONTAINER = /^rdf:(Alt|Bag|Seq|li|Description)$/;

export function readXmp(src: string): XmpValue[] {
  const root = parseXml(src);
  const prefixMap = new Map<string, string>();
  for (const el of elements(root)) for (const a of el.attrs) {
    if (a.name.startsWith('xmlns:')) { const canon = NS[a.value]; if (canon) prefixMap.set(a.name.slice(6), canon); }
  }
  const canon = (name: string) => { const i = name.indexOf(':'); if (i < 0) return name; const p = prefixMap.get(name.slice(0, i)); return p ? p + name.slice(i) : name; };
  const skipAttr = (n: string) => n.startsWith('xmlns') || n.startsWith('rdf:') || n.startsWith('xml:') || n === 'x:xmptk';
  const out: XmpValue[] = [];
  const collect = (el: XmlEl, path: string[], lang: string | undefined, top: { start: number; end: number } | undefined) => {
    const l = el.attrs.find((a) => a.name === 'xml:lang')?.value ?? lang;
    for (const a of el.attrs) {
      if (skipAttr(a.name)) continue;
      const t = top ?? { start: a.start, end: a.end };
      if (a.value.trim()) out.push({ path: [...path, canon(a.name)].join('/'), value: a.value.trim(), lang: l, top: t });
    }
    let hasEl = false;
    for (const c of el.children) {
      if ('text' in c) continue;
      hasEl = true;
      if (RDF_CONTAINER.test(c.name)) collect(c, path, l, top);
      else if (!c.name.startsWith('rdf:')) collect(c, [...path, canon(c.name)], l, top ?? { start: c.start, end: c.end });
    }
    if (!hasEl && path.length && top) {
      const v = textOf(el).trim();
      if (v) out.push({ path: path.join('/'), value: v, lang: l, top });
    }
  };
  for (const el of elements(root)) if (el.name === 'rdf:Description') collect(el, [], undefined, undefined);
  return out;
}

/** Blank (overwrite with spaces, same byte length) the given source ranges of an XMP packet held in a buffer. */
export function blankRanges(buf: Buffer, src: string, ranges: { start: number; end: number }[]): void {
  for (const r of ranges) {
    const b0 = Buffer.byteLength(src.slice(0, r.start)), b1 = b0 + Buffer.byteLength(src.slice(r.start, r.end));
    buf.fill(0x20, b0, b1);
  }
}

// ---------------------------------------------------------------- IPTC IIM

export interface IptcRecord { record: number; dataset: number; value: Buffer; /** offset of the value in the block */ at: number }

/** Read IIM records from a Photoshop "8BIM" block (APP13) or a bare IIM stream. */
export function readIptc(block: Buffer): IptcRecord[] {
  const out: IptcRecord[] = [];
  const readIim = (start: number, end: number) => {
    let o = start;
    while (o + 5 <= end && block[o] === 0x1c) {
      const record = block[o + 1]!, dataset = block[o + 2]!;
      let len = block.readUInt16BE(o + 3), head = 5;
      if (len & 0x8000) { const n = len & 0x7fff; if (n !== 4 || o + 9 > end) break; len = block.readUInt32BE(o + 5); head = 9; }
      if (o + head + len > end) break;
      out.push({ record, dataset, value: block.subarray(o + head, o + head + len), at: o + head });
      o += head + len;
    }
  };
  if (block[0] === 0x1c) { readIim(0, block.length); return out; }
  let o = block.indexOf('8BIM');
  while (o >= 0 && o + 12 <= block.length) {
    if (block.toString('latin1', o, o + 4) !== '8BIM') break;
    const id = block.readUInt16BE(o + 4);
    const nameLen = block[o + 6]!;
    let p = o + 6 + 1 + nameLen;
    if ((1 + nameLen) % 2) p++;
    if (p + 4 > block.length) break;
    const size = block.readUInt32BE(p);
    const data = p + 4;
    if (data + size > block.length) break;
    if (id === 0x0404) readIim(data, data + size);
    o = data + size + (size % 2);
  }
  return out;
}

export function iptcText(records: IptcRecord[], r: IptcRecord): string {
  const utf8 = records.some((x) => x.record === 1 && x.dataset === 90 && x.value.includes(Buffer.from('\x1b%G', 'latin1')));
  return (utf8 ? r.value.toString('utf8') : decodeLoose(r.value)).replace(/\0/g, ' ').trim();
}

// ---------------------------------------------------------------- PNG, JPEG containers

export interface PngChunk { type: string; at: number; length: number; data: Buffer }

export function pngChunks(buf: Buffer): { chunks: PngChunk[]; complete: boolean } {
  const chunks: PngChunk[] = [];
  let o = 8;
  while (o + 12 <= buf.length) {
    const length = buf.readUInt32BE(o), type = buf.toString('latin1', o + 4, o + 8);
    if (o + 12 + length > buf.length) return { chunks, complete: false };
    chunks.push({ type, at: o, length, data: buf.subarray(o + 8, o + 8 + length) });
    o += 12 + length;
    if (type === 'IEND') return { chunks, complete: true };
  }
  return { chunks, complete: false };
}

/** PNG text chunks (tEXt, zTXt, iTXt) as keyword/text pairs. */
export function pngText(chunks: PngChunk[]): { keyword: string; text: string; chunk: PngChunk }[] {
  const out: { keyword: string; text: string; chunk: PngChunk }[] = [];
  for (const c of chunks) {
    if (c.type !== 'tEXt' && c.type !== 'zTXt' && c.type !== 'iTXt') continue;
    const nul = c.data.indexOf(0);
    if (nul <= 0) continue;
    const keyword = c.data.toString('latin1', 0, nul);
    try {
      if (c.type === 'tEXt') out.push({ keyword, text: c.data.toString('latin1', nul + 1), chunk: c });
      else if (c.type === 'zTXt') out.push({ keyword, text: zlib.inflateSync(c.data.subarray(nul + 2), { maxOutputLength: 4 << 20 }).toString('latin1'), chunk: c });
      else {
        const compressed = c.data[nul + 1] === 1;
        const langEnd = c.data.indexOf(0, nul + 3);
        const transEnd = langEnd >= 0 ? c.data.indexOf(0, langEnd + 1) : -1;
        if (transEnd < 0) continue;
        const body = c.data.subarray(transEnd + 1);
        out.push({ keyword, text: (compressed ? zlib.inflateSync(body, { maxOutputLength: 4 << 20 }) : body).toString('utf8'), chunk: c });
      }
    } catch { /* a damaged text chunk is skipped */ }
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; }
  return t;
})();
export function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** JPEG: comment segments (COM) and whether the file reaches its end-of-image marker after the scan. */
export function jpegInfo(buf: Buffer): { comments: string[]; complete: boolean; scan: boolean } {
  const comments: string[] = [];
  let o = 2, sos = -1;
  while (o + 4 <= buf.length) {
    if (buf[o] !== 0xff) break;
    const marker = buf[o + 1]!;
    if (marker === 0xff) { o++; continue; }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { o += 2; continue; }
    const len = buf.readUInt16BE(o + 2);
    if (marker === 0xfe) { const t = decodeLoose(buf.subarray(o + 4, Math.min(buf.length, o + 2 + len))).replace(/\0/g, ' ').trim(); if (t) comments.push(t); }
    if (marker === 0xda) { sos = o + 2 + len; break; }
    o += 2 + len;
  }
  const eoi = buf.lastIndexOf(Buffer.from([0xff, 0xd9]));
  return { comments, complete: sos > 0 && eoi >= sos, scan: sos > 0 };
}

/** ISOBMFF (AVIF, HEIC): top-level boxes must add up to the file. */
export function isobmffComplete(buf: Buffer): boolean {
  let o = 0;
  while (o + 8 <= buf.length) {
    let size = buf.readUInt32BE(o);
    if (size === 1) { if (o + 16 > buf.length) return false; size = Number(buf.readBigUInt64BE(o + 8)); }
    if (size === 0) return true;
    if (size < 8) return false;
    o += size;
  }
  return o === buf.length;
}

/** TIFF: the image strips or tiles of the first page lie inside the file. */
export function tiffComplete(t: Tiff): boolean {
  const ifd = t.ifd0;
  if (!ifd) return false;
  for (const [offTag, cntTag] of [[0x111, 0x117], [0x144, 0x145]] as const) {
    const offs = ifd.entries.get(offTag), cnts = ifd.entries.get(cntTag);
    if (!offs || !cnts) continue;
    const read = (e: IfdEntry, i: number) => (e.type === 3 ? u16(t.buf, e.valueAt + i * 2, t.le) : u32(t.buf, e.valueAt + i * 4, t.le));
    for (let i = 0; i < Math.min(offs.count, cnts.count, 100000); i++) if (read(offs, i) + read(cnts, i) > t.buf.length) return false;
    return true;
  }
  return true;
}
