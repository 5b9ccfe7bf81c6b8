/**
 * Hostile inputs: each gives at most one plain, one-line fatal finding for that file, the other files
 * are still linted, and the exit code is 2 only when the run itself cannot proceed. The files are
 * generated in a temporary folder here (nothing large is committed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { main } from '../src/cli.js';
import type { FileResult } from '../src/types.js';

let dir: string;
const GOOD = 'Traffickers are evil monsters hiding in plain sight.\n';
const PHRASE = 'evil monsters';

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A PNG that declares 100,000 × 100,000 pixels (10 gigapixels) in a few hundred bytes. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100000, 0); ihdr.writeUInt32BE(100000, 4);
  ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit greyscale
  const idat = zlib.deflateSync(Buffer.alloc(100001 * 4)); // a few rows; the decoder would want all of them
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Insert an APPn segment right after a JPEG's SOI marker. */
function withSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const len = Buffer.alloc(2); len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, marker]), len, payload, jpeg.subarray(2)]);
}

const files: Record<string, string> = {};
let rootCanRead = false;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-hostile-'));
  const w = (name: string, data: string | Buffer) => { const p = path.join(dir, name); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, data); files[name] = p; return p; };
  w('good.md', GOOD);
  const bin = Buffer.alloc(4096); for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
  w('binary.md', bin);
  w('invalid-utf8.md', Buffer.concat([Buffer.from('Hello '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]), Buffer.from(' world\n')]));
  w('utf16.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]));
  w('empty.md', '');
  // 50 MB: binary garbage under the default size limit (read, then refused), and prose over a lowered limit
  const big = Buffer.alloc(50 * 1048576, 0x61); big[10] = 0;
  w('huge-binary.md', big);
  // outside the linted folder: only linted with a lowered limit
  const limitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-limit-'));
  files['limit/huge.md'] = path.join(limitDir, 'huge.md');
  fs.writeFileSync(files['limit/huge.md'], Buffer.alloc(50 * 1048576, 'All work and no pay. '));
  w('deep-quote.md', '> '.repeat(10000) + GOOD);
  w('deep-list.md', '- '.repeat(10000) + GOOD);
  w('deep-div.html', '<div>'.repeat(10000) + `<p>${GOOD}</p>` + '</div>'.repeat(10000));
  w('long-line.md', 'Anyone can be exploited, and most people are exploited by someone they know. '.repeat(13000) + GOOD.trim() + '\n');
  w('crlf.md', `First line.\r\nSecond line.\rThird line.\n\r\n${GOOD.trim()}\r\n`);
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } }).jpeg().toBuffer();
  w('corrupt.jpg', Buffer.concat([jpeg.subarray(0, 40), Buffer.alloc(200, 0x5a)]));
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2a6' } }).png().toBuffer();
  w('truncated.png', png.subarray(0, Math.floor(png.length / 2)));
  w('bomb.png', pngBomb());
  w('bad-exif.jpg', withSegment(jpeg, 0xe1, Buffer.concat([Buffer.from('Exif\0\0II*\0'), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(30, 0xee)])));
  w('bad-xmp.jpg', withSegment(jpeg, 0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:RDF><rdf:Description dc:description="<<<&&&')));
  const locked = w('locked.md', GOOD);
  fs.chmodSync(locked, 0o000);
  try { fs.readFileSync(locked); rootCanRead = true; } catch { rootCanRead = false; }
  fs.symlinkSync('loop-b.md', path.join(dir, 'loop-a.md'));
  fs.symlinkSync('loop-a.md', path.join(dir, 'loop-b.md'));
  files['loop-a.md'] = path.join(dir, 'loop-a.md');
  w('broken-config/campaign-lint.config.mjs', "throw new Error('boom: this config is broken');\n");
  w('broken-config/page.md', GOOD);
}, 120000);

afterAll(() => {
  try { fs.chmodSync(files['locked.md']!, 0o644); } catch { /* gone */ }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(files['limit/huge.md']!), { recursive: true, force: true });
});

const byName = (results: FileResult[]) => new Map(results.map((r) => [path.relative(dir, r.filePath), r]));

function expectOneLineFatal(r: FileResult | undefined, pattern?: RegExp) {
  expect(r, 'a result for the file').toBeDefined();
  const fatals = r!.messages.filter((m) => m.fatal);
  expect(fatals, JSON.stringify(r!.messages)).toHaveLength(1);
  expect(r!.messages).toHaveLength(1);
  const msg = fatals[0]!.message;
  expect(msg).not.toMatch(/\n/);
  expect(msg).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack trace
  expect(msg.length).toBeLessThan(300);
  if (pattern) expect(msg).toMatch(pattern);
  expect(fatals[0]!.ruleId).toBeNull();
  expect(fatals[0]!.severity).toBe(2);
}

function expectLinted(r: FileResult | undefined) {
  expect(r, 'a result for the file').toBeDefined();
  for (const m of r!.messages) {
    expect(m.message).not.toMatch(/\n/);
    if (m.fatal) expect(m.message).toMatch(/nested too deeply|too large/); // the only acceptable fatal for a readable text file
  }
}

describe.each([['in-process', 'off' as const], ['worker pool', 2]])('hostile inputs (%s)', (_label, concurrency) => {
  let res: Map<string, FileResult>;
  beforeAll(async () => {
    res = byName(await lintFiles([dir], { cwd: dir, concurrency, maxFileSize: 64 * 1048576 }));
  }, 300000);

  it('lints the good file as usual (the run goes on)', () => {
    const r = res.get('good.md')!;
    expect(r.fatalErrorCount).toBe(0);
    expect(r.messages.map((m) => m.actual)).toContain(PHRASE);
  });
  it('binary data in a .md file', () => expectOneLineFatal(res.get('binary.md'), /binary/i));
  it('invalid UTF-8', () => expectOneLineFatal(res.get('invalid-utf8.md'), /UTF-8/));
  it('UTF-16 with a byte-order mark is decoded and linted', () => {
    const r = res.get('utf16.md')!;
    expect(r.fatalErrorCount).toBe(0);
    expect(r.messages.map((m) => m.actual)).toContain(PHRASE);
  });
  it('an empty file', () => expectOneLineFatal(res.get('empty.md'), /empty/i));
  it('a 50 MB binary file under the size limit', () => expectOneLineFatal(res.get('huge-binary.md'), /binary/i));
  it('10,000-deep blockquotes, lists and divs', () => {
    for (const f of ['deep-quote.md', 'deep-list.md', 'deep-div.html']) expectLinted(res.get(f));
  });
  it('a very long line (1 MB) is linted, with the finding at its column', () => {
    const r = res.get('long-line.md')!;
    expect(r.fatalErrorCount).toBe(0);
    const m = r.messages.find((x) => x.actual === PHRASE);
    expect(m).toBeDefined();
    expect(m!.line).toBe(1);
    const text = fs.readFileSync(files['long-line.md']!, 'utf8');
    expect(m!.column).toBe(text.indexOf(PHRASE) + 1);
  });
  it('CRLF, CR and LF mixed: lines counted right', () => {
    const r = res.get('crlf.md')!;
    const m = r.messages.find((x) => x.actual === PHRASE);
    expect(m).toBeDefined();
    expect(m!.line).toBe(5);
    const text = fs.readFileSync(files['crlf.md']!, 'utf8');
    expect(text.slice(m!.offset, m!.endOffset)).toBe(PHRASE);
  });
  it('a corrupt JPEG, a truncated PNG, a decompression bomb, malformed EXIF and XMP', () => {
    for (const f of ['corrupt.jpg', 'truncated.png', 'bomb.png', 'bad-exif.jpg', 'bad-xmp.jpg']) {
      const r = res.get(f);
      expect(r, f).toBeDefined();
      // either read (what metadata could be read) or one plain fatal finding
      if (r!.fatalErrorCount) expectOneLineFatal(r);
      for (const m of r!.messages) expect(m.message).not.toMatch(/\n/);
    }
    const bomb = res.get('bomb.png')!;
    // the bomb is never decoded: either refused by the pixel limit, or read for metadata only
    if (bomb.fatalErrorCount) expect(bomb.messages[0]!.message).toMatch(/pixels|image/i);
  });
  it.skipIf(process.platform === 'win32')('an unreadable file (chmod 000)', () => {
    const r = res.get('locked.md');
    if (rootCanRead) {
      // running as root: permissions do not stop reads, so the file is linted normally; say so rather than pretend
      console.warn('robustness: running as root, chmod 000 does not block reads; checking the file is linted instead');
      expect(r!.fatalErrorCount).toBe(0);
    } else expectOneLineFatal(r, /Permission denied/);
  });
  it('a symlink loop', () => {
    const loops = [...res.keys()].filter((k) => k.startsWith('loop-'));
    for (const k of loops) expectOneLineFatal(res.get(k), /link|not a regular file|read/i);
  });
  it('a config that throws: its folder gets a fatal finding naming the problem, the rest goes on', () => {
    expectOneLineFatal(res.get('broken-config/page.md'), /config/i);
    expect(res.get('broken-config/page.md')!.messages[0]!.message).toMatch(/boom|broken|config/);
  });
});

describe('size limit and exit codes', () => {
  it('a 50 MB file over --max-file-size gets one fatal finding', async () => {
    const [r] = await lintFiles([files['limit/huge.md']!], { cwd: dir, maxFileSize: 10 * 1048576 });
    expectOneLineFatal(r, /50\.0 MB, over the 10 MB limit/);
  });

  it('hostile files give exit code 1 (findings), not 2; a config that cannot load at the root gives 2', async () => {
    const cwd = process.cwd();
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    let stderr = '';
    try {
      process.stdout.write = (() => true) as typeof process.stdout.write;
      process.stderr.write = ((s: string) => { stderr += s; return true; }) as typeof process.stderr.write;
      process.chdir(dir);
      const code = await main(['node', 'campaign-lint', '--format', 'json', '--concurrency', 'off', '.']);
      expect(code).toBe(1);
      process.chdir(path.join(dir, 'broken-config'));
      stderr = '';
      const code2 = await main(['node', 'campaign-lint', 'page.md']);
      expect(code2).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/config/i);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      process.chdir(cwd);
    }
  }, 120000);
});
