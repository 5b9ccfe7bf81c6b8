/**
 * OCR: the text printed on a poster. One tesseract.js worker, started on first use with the English
 * model from the @tesseract.js-data/eng package (nothing is downloaded), shared by every input that
 * needs it (images, images inside PDFs). Images are downsized and turned grey before recognition.
 * The worker stops itself shortly after the last job so the process can exit.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Worker } from 'tesseract.js';

export interface OcrBox { x: number; y: number; width: number; height: number }
export interface OcrParagraph { text: string; confidence: number; bbox: OcrBox }
export interface OcrResult {
  text: string;
  /** mean word confidence, 0-100 */
  confidence: number;
  /** paragraphs of recognised words, boxes in the original image's pixels */
  paragraphs: OcrParagraph[];
  ms: number;
}

/** longest side fed to tesseract: big enough for poster text, small enough to stay fast */
const MAX_SIDE = 1800;
/** words below this confidence are dropped (photo texture read as letters) */
const MIN_WORD_CONFIDENCE = 55;
const IDLE_MS = 300;

let workerP: Promise<Worker> | undefined;
let pending = 0;
let idle: NodeJS.Timeout | undefined;

async function startWorker(): Promise<Worker> {
  const { createWorker, OEM } = await import('tesseract.js');
  const require = createRequire(import.meta.url);
  const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
  return createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true, logger: () => {}, errorHandler: () => {} });
}

/** Stop the worker now (tests, long-running hosts). The next OCR call starts a new one. */
export async function terminateOcr(): Promise<void> {
  if (idle) { clearTimeout(idle); idle = undefined; }
  const p = workerP;
  workerP = undefined;
  if (p) await (await p.catch(() => undefined))?.terminate();
}

/** Recognise the text in an image (any format sharp reads). */
export async function ocrImage(buffer: Buffer): Promise<OcrResult> {
  const t0 = performance.now();
  const img = sharp(buffer, { limitInputPixels: 268402689 }).rotate();
  const meta = await img.metadata();
  const w0 = meta.autoOrient?.width ?? meta.width ?? 0, h0 = meta.autoOrient?.height ?? meta.height ?? 0;
  const scale = Math.min(1, MAX_SIDE / Math.max(w0, h0, 1));
  const png = await img
    .resize({ width: Math.max(1, Math.round(w0 * scale)), height: Math.max(1, Math.round(h0 * scale)), fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer();
  if (idle) { clearTimeout(idle); idle = undefined; }
  pending++;
  try {
    workerP ??= startWorker();
    const worker = await workerP;
    const { data } = await worker.recognize(png, {}, { text: true, blocks: true });
    const paragraphs: OcrParagraph[] = [];
    const confs: number[] = [];
    for (const block of data.blocks ?? []) {
      for (const para of block.paragraphs) {
        const words = para.lines.flatMap((l) => l.words).filter((w) => w.confidence >= MIN_WORD_CONFIDENCE && /[\p{L}\p{N}]/u.test(w.text));
        if (!words.length) continue;
        confs.push(...words.map((w) => w.confidence));
        const x0 = Math.min(...words.map((w) => w.bbox.x0)), y0 = Math.min(...words.map((w) => w.bbox.y0));
        const x1 = Math.max(...words.map((w) => w.bbox.x1)), y1 = Math.max(...words.map((w) => w.bbox.y1));
        const text = words.map((w) => w.text).join(' ').replace(/\s+/g, ' ').trim();
        paragraphs.push({
          text,
          confidence: words.reduce((a, w) => a + w.confidence, 0) / words.length,
          bbox: { x: Math.round(x0 / scale), y: Math.round(y0 / scale), width: Math.round((x1 - x0) / scale), height: Math.round((y1 - y0) / scale) },
        });
      }
    }
    // poster lines often break a sentence across tesseract paragraphs: join a paragraph that does not
    // end a sentence with the next one, so the rules see the whole sentence
    for (let i = paragraphs.length - 2; i >= 0; i--) {
      const a = paragraphs[i]!, b = paragraphs[i + 1]!;
      if (/[.!?:;…"”)]$/.test(a.text)) continue;
      const x = Math.min(a.bbox.x, b.bbox.x), y = Math.min(a.bbox.y, b.bbox.y);
      const n = a.text.split(' ').length, m = b.text.split(' ').length;
      paragraphs.splice(i, 2, {
        text: `${a.text} ${b.text}`,
        confidence: (a.confidence * n + b.confidence * m) / (n + m),
        bbox: { x, y, width: Math.max(a.bbox.x + a.bbox.width, b.bbox.x + b.bbox.width) - x, height: Math.max(a.bbox.y + a.bbox.height, b.bbox.y + b.bbox.height) - y },
      });
    }
    return {
      text: paragraphs.map((p) => p.text).join('\n'),
      confidence: confs.length ? confs.reduce((a, b) => a + b, 0) / confs.length : 0,
      paragraphs,
      ms: performance.now() - t0,
    };
  } finally {
    pending--;
    if (pending === 0) idle = setTimeout(() => { void terminateOcr(); }, IDLE_MS);
  }
}
