/** Input formats: each turns a file into the one document model. Binary formats register here too. */
import path from 'node:path';
import type { CampaignDocument } from '../types.js';
// the parsers (remark, rehype and their extensions) load on first use: a run whose files all come from --cache needs none
const markdown = () => import('./markdown.js');
const html = () => import('./html.js');
const text = () => import('./text.js');

export class InputError extends Error {}

export interface ParseOptions {
  ocr?: boolean;
  maxFileSize?: number;
  [k: string]: unknown;
}

export interface InputFormat {
  name: string;
  extensions: string[];
  /** text formats get decoded text; binary formats get the bytes */
  binary: boolean;
  parse(filePath: string, input: string | Buffer, options: ParseOptions): CampaignDocument | Promise<CampaignDocument>;
}

export const formats: InputFormat[] = [
  { name: 'markdown', extensions: ['.md', '.markdown', '.mdown', '.mkd'], binary: false, parse: async (p, t) => (await markdown()).parseMarkdown(p, t as string) },
  { name: 'html', extensions: ['.html', '.htm', '.xhtml'], binary: false, parse: async (p, t) => (await html()).parseHtml(p, t as string) },
  { name: 'text', extensions: ['.txt', '.text'], binary: false, parse: async (p, t) => (await text()).parsePlainText(p, t as string) },
  { name: 'pdf', extensions: ['.pdf'], binary: true, parse: async (p, b, o) => (await import('./pdf.js')).parsePdf(p, b as Buffer, o) },
  { name: 'docx', extensions: ['.docx'], binary: true, parse: async (p, b, o) => (await import('./docx.js')).parseDocx(p, b as Buffer, o) },
  // images load sharp only when an image is actually linted (src/parse/image.ts)
  { name: 'image', extensions: ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif', '.svg'], binary: true, parse: async (p, b, o) => (await import('./image.js')).parseImage(p, b as Buffer, o) },
];

export function registerFormat(f: InputFormat): void {
  const i = formats.findIndex((x) => x.name === f.name);
  if (i >= 0) formats.splice(i, 1, f); else formats.push(f);
}

export function formatFor(filePath: string): InputFormat | undefined {
  const ext = path.extname(filePath).toLowerCase();
  return formats.find((f) => f.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return formats.flatMap((f) => f.extensions);
}

/** Decode bytes as text, refusing binary data and invalid UTF-8 with a clear reason. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) throw new InputError('This looks like a binary file, not text. Check the file extension, or exclude it in .campaignlintignore.');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    throw new InputError('This file is not valid UTF-8 text. Re-save it as UTF-8 (most editors offer "Save with encoding") and run again.');
  }
}

export async function parseInput(filePath: string, buf: Buffer, options: ParseOptions = {}): Promise<CampaignDocument> {
  const fmt = formatFor(filePath) ?? formats.find((f) => f.name === 'text')!;
  if (fmt.binary) return fmt.parse(filePath, buf, options);
  const text = decodeText(buf);
  return fmt.parse(filePath, text, options);
}
