#!/usr/bin/env node
/**
 * How much reading image metadata costs, per image (the budget: under 1 ms). Needs a build
 * (npm run build). Reads the image fixtures from memory, 200 rounds, warm, one at a time:
 *   sharp.metadata() alone (the floor: header + metadata blocks, no pixels), then campaign-lint's
 *   readImageInfo (sharp + EXIF/XMP/IPTC/PNG/JPEG readers), then parseImage without OCR (+ file-name
 *   words and segments). Usage: node scripts/bench-images.mjs [rounds]
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { readImageInfo, parseImage } = await import(path.join(root, 'dist/src/parse/image.js'));
const dir = path.join(root, 'fixtures/images');
const files = ['poster.jpg', 'layers.jpg', 'xp-tags.jpg', 'people.jpg', 'text-chunks.png', 'shelter.webp', 'scan.tif', 'clean.jpg', 'clean.png', 'clean.gif', 'poster-text.png']
  .map((f) => ({ f: path.join(dir, f), buf: fs.readFileSync(path.join(dir, f)) }));
const rounds = Number(process.argv[2] ?? 200);

async function time(label, fn) {
  for (const x of files) await fn(x); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const x of files) await fn(x);
  const per = (performance.now() - t0) / (rounds * files.length);
  console.log(`${label.padEnd(34)} ${per.toFixed(3)} ms per image`);
  return per;
}
console.log(`${files.length} images (JPEG, PNG, WebP, TIFF, GIF; 1-38 kB) × ${rounds} rounds`);
const floor = await time('sharp.metadata() only', (x) => sharp(x.buf, { limitInputPixels: 268402689 }).metadata());
const info = await time('readImageInfo (all metadata)', (x) => readImageInfo(x.f, x.buf));
const doc = await time('parseImage, no OCR', (x) => parseImage(x.f, x.buf, { ocr: false }));
console.log(`campaign-lint's own decoding adds ${(info - floor).toFixed(3)} ms; a whole image document costs ${doc.toFixed(3)} ms.`);
