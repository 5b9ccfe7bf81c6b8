/**
 * `--fix` for image-location-leak: remove GPS coordinates and precise place fields from an image
 * file while keeping every caption, keyword and alt-text field.
 *
 * The pixels are not touched: re-encoding with sharp would lower JPEG/WebP quality and drop IPTC
 * captions and PNG text chunks. Instead the metadata blocks sharp locates are edited in place, at the
 * same length: the EXIF GPS directory is zeroed (an empty GPS directory stays valid), XMP location
 * properties are overwritten with spaces (whitespace between XML elements), IPTC place values become
 * blanks; PNG chunk checksums are recomputed and a compressed PNG XMP chunk is rebuilt. The result is
 * re-read with sharp and the same readers before it replaces the file (temp file + rename): no
 * location left, every description unchanged, or the file is left as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { registerFileFixer } from '../fixers.js';

export interface StripResult { changed: boolean; description: string; removed: string[] }

export async function stripLocation(filePath: string): Promise<StripResult> {
  const [{ default: sharp }, img, meta] = await Promise.all([import('sharp'), import('./image.js'), import('./image-meta.js')]);
  const orig = await fs.promises.readFile(filePath);
  const before = await img.readImageInfo(filePath, orig);
  const targets = before.data.location.filter((l) => l.fixable);
  if (targets.length === 0) return { changed: false, description: 'No location metadata to remove.', removed: [] };
  if (before.data.imageFormat === 'svg') return { changed: false, description: 'SVG metadata is not changed automatically: remove the location from its <metadata> block.', removed: [] };

  const out = Buffer.from(orig);
  const m = await sharp(orig, { limitInputPixels: img.MAX_INPUT_PIXELS }).metadata();
  const within = (block: Buffer | undefined): Buffer | undefined => {
    if (!block?.length) return undefined;
    const at = out.indexOf(block);
    return at >= 0 ? out.subarray(at, at + block.length) : undefined;
  };

  // EXIF GPS directory (a TIFF file is itself the EXIF structure)
  if (m.format === 'tiff') meta.blankGps(out);
  else { const ex = within(m.exif); if (ex) meta.blankGps(ex); }

  // XMP location properties
  const blankXmp = (xml: string): Buffer => {
    const buf = Buffer.from(xml, 'utf8');
    const ranges = meta.readXmp(xml).filter((v) => img.isXmpLocation(v.path)).map((v) => v.top);
    meta.blankRanges(buf, xml, [...new Map(ranges.map((r) => [`${r.start}:${r.end}`, r])).values()]);
    return buf;
  };
  const xmpIn = within(m.xmp);
  if (xmpIn) blankXmp(xmpIn.toString('utf8')).copy(xmpIn);

  // IPTC place values
  const iptcIn = within(m.iptc) ?? (m.format === 'tiff' ? tiffIptc(out, meta) : undefined);
  if (iptcIn) for (const r of meta.readIptc(iptcIn)) if (r.record === 2 && img.IPTC_PLACE_DATASETS.has(r.dataset)) r.value.fill(0x20);

  let result: Buffer = out;
  if (m.format === 'png') result = fixPng(out, xmpIn ? undefined : blankXmp, meta);

  // verify before replacing the file
  const after = await img.readImageInfo(filePath, result).catch((e: Error) => { throw new Error(`removing the location would damage the image (${e.message}); the file was left unchanged`); });
  const left = after.data.location.filter((l) => l.fixable);
  if (left.length) throw new Error(`could not remove ${left.map((l) => l.source).join(', ')} safely; the file was left unchanged`);
  const texts = (i: typeof before) => JSON.stringify(i.fields.map((f) => [f.source, f.text]));
  if (texts(after) !== texts(before)) throw new Error('removing the location would have changed a caption; the file was left unchanged');
  await sharp(result, { limitInputPixels: img.MAX_INPUT_PIXELS }).metadata();

  await writeAtomic(filePath, result);
  const removed = targets.map((t) => t.source);
  return { changed: true, removed, description: `Removed location metadata (${removed.join(', ')}); captions and alt text kept.` };
}

function tiffIptc(buf: Buffer, meta: typeof import('./image-meta.js')): Buffer | undefined {
  const t = meta.readTiff(buf);
  const e = t?.ifd0?.entries.get(33723);
  return t && e ? buf.subarray(e.valueAt, e.valueAt + e.size) : undefined;
}

/** PNG: rebuild a compressed XMP text chunk if needed, and recompute the checksum of every metadata chunk. */
function fixPng(buf: Buffer, blankXmp: ((xml: string) => Buffer) | undefined, meta: typeof import('./image-meta.js')): Buffer {
  const { chunks } = meta.pngChunks(buf);
  const parts: Buffer[] = [buf.subarray(0, 8)];
  for (const c of chunks) {
    let data = c.data;
    if (blankXmp && (c.type === 'zTXt' || c.type === 'iTXt')) {
      const t = meta.pngText([c])[0];
      if (t && t.keyword === 'XML:com.adobe.xmp') {
        const xml = blankXmp(t.text);
        const kw = Buffer.from(t.keyword + '\0', 'latin1');
        data = c.type === 'zTXt'
          ? Buffer.concat([kw, Buffer.from([0]), zlib.deflateSync(xml)])
          : Buffer.concat([kw, Buffer.from([1, 0, 0, 0]), zlib.deflateSync(xml)]);
      }
    }
    const type = Buffer.from(c.type, 'latin1');
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(meta.crc32(Buffer.concat([type, data])));
    parts.push(len, type, data, crc);
  }
  const end = chunks.length ? chunks[chunks.length - 1]!.at + 12 + chunks[chunks.length - 1]!.length : buf.length;
  parts.push(buf.subarray(end));
  return Buffer.concat(parts);
}

/** Write through a temp file in the same folder and rename it over the original, keeping its mode. */
export async function writeAtomic(filePath: string, data: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.campaign-lint-${process.pid}-${Date.now()}.tmp`);
  const mode = (await fs.promises.stat(filePath)).mode;
  try {
    await fs.promises.writeFile(tmp, data, { mode });
    await fs.promises.rename(tmp, filePath);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

registerFileFixer('strip-location', async (filePath) => {
  const r = await stripLocation(filePath);
  return { changed: r.changed, description: r.description };
});
