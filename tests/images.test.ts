/**
 * Images as inputs: metadata of every format becomes named segments, damaged files give one plain
 * fatal finding, location metadata is found and removed losslessly, referenced images are linted once,
 * and OCR reads the text printed on a poster. Fixtures come from scripts/make-image-fixtures.mjs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { fileFixers } from '../src/fixers.js';
import { InputError } from '../src/parse/index.js';
import { filenameWords, parseImage, readImageInfo } from '../src/parse/image.js';
import { stripLocation } from '../src/parse/image-fix.js';
import { imageSources, resolveImageSource } from '../src/parse/image-refs.js';
import { ocrImage, terminateOcr } from '../src/ocr.js';
import type { CampaignDocument } from '../src/types.js';
import '../rules/image-location-leak.js';

const IMG = path.resolve(__dirname, '../fixtures/images');
const img = (f: string) => path.join(IMG, f);
const parse = (f: string, ocr = false) => parseImage(img(f), fs.readFileSync(img(f)), { ocr });
const sources = (d: CampaignDocument) => Object.fromEntries(d.segments.map((s) => [s.source, s.text]));
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cl-images-'));

afterAll(() => terminateOcr());

describe('image metadata becomes named prose segments', () => {
  it('JPEG: XMP description and title, filename words; GPS as a location fact', async () => {
    const d = await parse('poster.jpg');
    expect(d.format).toBe('image');
    expect(d.text).toBe('');
    expect(sources(d)).toEqual({ 'xmp:dc:description': 'girl in handcuffs behind bars', 'xmp:dc:title': 'Awareness poster', filename: 'poster' });
    expect(d.segments.every((s) => s.kind === (s.source === 'filename' ? 'filename' : 'metadata'))).toBe(true);
    expect(d.data!.location).toEqual([{ source: 'exif:GPS', value: '48.85667, 2.35194', fixable: true }]);
  });

  it('JPEG: every layer (EXIF, Windows XP tags in UTF-16, UserComment, XMP per language, IPTC IIM)', async () => {
    const s = sources(await parse('layers.jpg'));
    expect(s).toMatchObject({
      'exif:ImageDescription': 'Workers at a garment factory',
      'exif:XPTitle': 'Hope after harbour raid',
      'exif:XPKeywords': 'harbour, factory, workers',
      'exif:XPSubject': 'Awareness week',
      'exif:UserComment': 'Shot for the spring campaign',
      'xmp:dc:description': 'A woman checks her phone at a bus stop',
      'xmp:dc:description[es]': 'Una mujer mira su teléfono',
      'xmp:Iptc4xmpCore:AltTextAccessibility': 'Woman at a bus stop looking at a job advert on her phone',
      'xmp:dc:subject': 'recruitment, online, jobs',
      'xmp:photoshop:Headline': 'Know the signs',
      'iptc:Caption-Abstract': 'A job advert that promises too much',
      'iptc:Keywords': 'bus stop, phone',
      'iptc:Headline': 'Fake job offers',
      'iptc:ObjectName': 'spring-poster',
    });
    const d = await parse('layers.jpg');
    expect(d.data!.location.map((l: { source: string }) => l.source)).toEqual(['iptc:City', 'iptc:Sub-location']);
  });

  it('XP tags keep non-ASCII text; JPEG comments are read', async () => {
    const s = sources(await parse('xp-tags.jpg'));
    expect(s['exif:XPComment']).toBe('Für die Kampagne – draft');
    expect(s['jpeg:Comment']).toBe('Sent by the photo agency');
  });

  it('AVIF: XMP and EXIF GPS', async () => {
    const d = await parse('night.avif');
    expect(sources(d)['xmp:dc:description']).toBe('Volunteers on a night outreach walk');
    expect(d.data!.location.map((l: { source: string }) => l.source)).toEqual(['exif:GPS']);
  });

  it('PNG: tEXt and UTF-8 iTXt chunks, XMP city, EXIF GPS; other chunk keywords are not prose', async () => {
    const d = await parse('text-chunks.png');
    const s = sources(d);
    expect(s['png:Description']).toBe('Prostitutes on a street corner at night');
    expect(s['png:Comment']).toBe('Crédit photo : équipe');
    expect(s['png:Software']).toBeUndefined();
    expect(s['xmp:dc:title']).toBe('Helpline volunteers');
    expect(d.data!.location.map((l: { source: string }) => l.source).sort()).toEqual(['exif:GPS', 'xmp:photoshop:City']);
  });

  it('WebP and TIFF', async () => {
    const w = await parse('shelter.webp');
    expect(sources(w)['xmp:dc:description']).toBe('Children locked in a cage at the border');
    expect(w.data!.location.map((l: { source: string }) => l.source)).toContain('xmp:Iptc4xmpExt:LocationShown/Iptc4xmpExt:Sublocation');
    expect(w.data!.location.map((l: { source: string }) => l.source)).not.toContain('xmp:Iptc4xmpExt:LocationShown/Iptc4xmpExt:CountryName');
    const t = await parse('scan.tif');
    expect(sources(t)).toMatchObject({ 'exif:ImageDescription': 'Illegal immigrants at the port', 'exif:XPTitle': 'Port scan', 'xmp:dc:description': 'Port workers unloading a ship' });
    expect(t.data!.gps).toBeDefined();
  });

  it('SVG: title, desc, text and aria-label', async () => {
    expect(sources(await parse('banner.svg'))).toEqual({
      'svg:aria-label': 'Campaign banner', 'svg:title': 'Break the chains of modern slavery',
      'svg:desc': 'Silhouette of a girl with a barcode tattooed on her neck', 'svg:text': 'Know the signs', filename: 'banner',
    });
  });

  it('people named in the image are exposed for identifying-details, and visible as segments', async () => {
    const d = await parse('people.jpg');
    expect(d.data!.people).toEqual([
      { source: 'xmp:Iptc4xmpExt:PersonInImage', name: 'Maria Lopez' },
      { source: 'xmp:mwg-rs:Regions', name: 'Ana Petrova' },
    ]);
    expect(sources(d)['xmp:mwg-rs:Regions']).toBe('Ana Petrova');
    expect(d.data!.location).toEqual([{ source: 'xmp:exif:GPS', value: '51,30.0N 0,7.5W', fixable: true }]);
  });

  it('clean images have only their file name', async () => {
    for (const f of ['clean.jpg', 'clean.png', 'clean.gif']) {
      const d = await parse(f);
      expect(d.segments.map((s) => s.source)).toEqual(['filename']);
      expect(d.data!.location).toEqual([]);
    }
  });

  it('the same caption copied into several fields is read once, naming the copies', async () => {
    const dir = tmpDir();
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">Women in chains</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const f = path.join(dir, 'a.jpg');
    fs.writeFileSync(f, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().withExif({ IFD0: { ImageDescription: 'Women in chains' } }).withXmp(xmp).toBuffer());
    const d = await parseImage(f, fs.readFileSync(f), {});
    const seg = d.segments.filter((s) => s.text === 'Women in chains');
    expect(seg.map((s) => s.source)).toEqual(['xmp:dc:description']);
    expect(seg[0]!.location).toEqual({ alsoIn: ['exif:ImageDescription'] });
  });

  it('a sidecar <name>.xmp is read; its location cannot be fixed inside the image', async () => {
    const dir = tmpDir();
    fs.copyFileSync(img('clean.jpg'), path.join(dir, 'photo.jpg'));
    fs.writeFileSync(path.join(dir, 'photo.xmp'), `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:City="Leeds"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Survivors at the safe house</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`);
    const f = path.join(dir, 'photo.jpg');
    const d = await parseImage(f, fs.readFileSync(f), {});
    expect(sources(d)['xmp-sidecar:dc:title']).toBe('Survivors at the safe house');
    expect(d.data!.location).toEqual([{ source: 'xmp-sidecar:photoshop:City', value: 'Leeds', fixable: false }]);
  });

  it('file names become words', () => {
    expect(filenameWords('/x/girl-in-chains_v2.jpg')).toBe('girl in chains');
    expect(filenameWords('IMG_2041.JPG')).toBe('');
    expect(filenameWords('sexSlaveRescue-final.png')).toBe('sex slave rescue');
    expect(filenameWords('poster 3 (copy).webp')).toBe('poster');
  });
});

describe('damaged, cut-off and enormous images', () => {
  const fails = async (f: string | Buffer, name = 'x.jpg') => {
    const buf = typeof f === 'string' ? fs.readFileSync(img(f)) : f;
    const err = await readImageInfo(typeof f === 'string' ? img(f) : name, buf).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).not.toMatch(/\n|at .*\(|Error:/);
    return msg;
  };
  it('give one plain sentence', async () => {
    expect(await fails('corrupt.jpg')).toMatch(/damaged/);
    expect(await fails('not-an-image.png')).toMatch(/damaged/);
    expect(await fails('truncated.jpg')).toMatch(/cut off/);
    expect(await fails('truncated.png')).toMatch(/cut off/);
    const webp = fs.readFileSync(img('clean.webp'));
    expect(await fails(webp.subarray(0, webp.length - 40), 'x.webp')).toMatch(/cut off/);
  });
  it('an image larger than the pixel limit is refused before decoding', async () => {
    const png = Buffer.from(fs.readFileSync(img('clean.png')));
    png.writeUInt32BE(30000, 16); // IHDR width
    png.writeUInt32BE(30000, 20); // IHDR height
    png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
    expect(await fails(png, 'huge.png')).toMatch(/more pixels than campaign-lint will open/);
  });
  it('in a run: one fatal finding per bad file, and the run goes on', async () => {
    const res = await lintFiles([img('corrupt.jpg'), img('truncated.jpg'), img('clean.jpg')], { ocr: false });
    expect(res.map((r) => [path.basename(r.filePath), r.fatalErrorCount])).toEqual([['corrupt.jpg', 1], ['truncated.jpg', 1], ['clean.jpg', 0]]);
    expect(res[0]!.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, source: 'file' });
  });
});

describe('linting an image', () => {
  it('the poster: restraint imagery named by field, and the GPS location leak', async () => {
    const [r] = await lintFiles([img('poster.jpg')], { ocr: false });
    const restraint = r!.messages.filter((m) => m.ruleId === 'restraint-imagery');
    expect(restraint.length).toBeGreaterThan(0);
    expect(restraint.every((m) => m.severity === 2 && m.source === 'xmp:dc:description')).toBe(true);
    expect(restraint.map((m) => m.actual).join(' ')).toMatch(/handcuffs|behind bars/);
    const leak = r!.messages.filter((m) => m.ruleId === 'image-location-leak');
    expect(leak).toHaveLength(1);
    expect(leak[0]).toMatchObject({ severity: 2, source: 'exif:GPS', binaryFix: 'strip-location', actual: '48.85667, 2.35194' });
  });

  it('prose rules read every field (dehumanizing labels in XP tags, PNG text, TIFF description)', async () => {
    const res = await lintFiles([img('xp-tags.jpg'), img('text-chunks.png'), img('scan.tif')], { ocr: false });
    const hits = res.flatMap((r) => r.messages.filter((m) => m.ruleId === 'dehumanizing-label').map((m) => `${m.source}: ${m.actual}`));
    expect(hits).toEqual(expect.arrayContaining(['exif:XPTitle: Sex slaves', 'png:Description: Prostitutes', 'exif:ImageDescription: Illegal immigrants']));
  });

  it('a hit only in the file name is one level lower than in a caption', async () => {
    const dir = tmpDir();
    fs.copyFileSync(img('clean.jpg'), path.join(dir, 'girl-in-handcuffs-behind-bars.jpg'));
    const [r] = await lintFiles([path.join(dir, 'girl-in-handcuffs-behind-bars.jpg')], { ocr: false });
    const m = r!.messages.filter((x) => x.ruleId === 'restraint-imagery');
    expect(m.length).toBeGreaterThan(0);
    expect(m.every((x) => x.source === 'filename' && x.severity === 1)).toBe(true);
  });

  it('`allowFields` leaves a deliberately public place alone', async () => {
    const [r] = await lintFiles([img('layers.jpg')], { ocr: false, config: { rules: { 'image-location-leak': ['error', { allowFields: ['iptc:City'] }] } } });
    expect(r!.messages.filter((m) => m.ruleId === 'image-location-leak').map((m) => m.source)).toEqual(['iptc:Sub-location']);
  });
});

describe('strip-location fixer', () => {
  const raw = async (b: Buffer) => sharp(b).raw().toBuffer();
  for (const f of ['poster.jpg', 'layers.jpg', 'people.jpg', 'text-chunks.png', 'shelter.webp', 'scan.tif', 'night.avif']) {
    it(`${f}: removes the location, keeps every caption and every pixel, and is idempotent`, async () => {
      const dir = tmpDir();
      const p = path.join(dir, f);
      fs.copyFileSync(img(f), p);
      const before = await readImageInfo(p, fs.readFileSync(p));
      expect(before.data.location.length).toBeGreaterThan(0);
      const r = await stripLocation(p);
      expect(r.changed).toBe(true);
      expect(r.removed.sort()).toEqual(before.data.location.map((l) => l.source).sort());
      const after = await readImageInfo(p, fs.readFileSync(p));
      expect(after.data.location).toEqual([]);
      expect(after.data.gps).toBeUndefined();
      expect(after.fields).toEqual(before.fields);
      expect(Buffer.compare(await raw(fs.readFileSync(p)), await raw(fs.readFileSync(img(f))))).toBe(0);
      expect(fs.readdirSync(dir)).toEqual([f]); // no temp file left behind
      const again = await stripLocation(p);
      expect(again.changed).toBe(false);
    });
  }

  it('is registered for --fix, and after it the poster keeps its restraint finding but no location leak', async () => {
    const dir = tmpDir();
    const p = path.join(dir, 'poster.jpg');
    fs.copyFileSync(img('poster.jpg'), p);
    expect(typeof fileFixers['strip-location']).toBe('function');
    const r = await fileFixers['strip-location']!(p);
    expect(r.changed).toBe(true);
    const [res] = await lintFiles([p], { ocr: false });
    expect(res!.messages.some((m) => m.ruleId === 'image-location-leak')).toBe(false);
    expect(res!.messages.some((m) => m.ruleId === 'restraint-imagery' && m.source === 'xmp:dc:description')).toBe(true);
  });

  it('leaves an image without location untouched', async () => {
    const dir = tmpDir();
    const p = path.join(dir, 'clean.jpg');
    fs.copyFileSync(img('clean.jpg'), p);
    const mtime = fs.statSync(p).mtimeMs;
    expect((await stripLocation(p)).changed).toBe(false);
    expect(fs.statSync(p).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(p).equals(fs.readFileSync(img('clean.jpg')))).toBe(true);
  });
});

describe('images referenced from documents', () => {
  it('finds local image sources in Markdown and HTML, not URLs or data: URIs', () => {
    const md = '![a](img/a.png "t") ![b](<my img/b.jpg>) ![c](https://x.org/c.png) ![d][ref]\n\n[ref]: ./d.webp\n<img alt="e" src="e.gif"> <img srcset="f.png 1x, g.png 2x"> <img src="data:image/png;base64,AAA">';
    const srcs = imageSources(md);
    expect(srcs).toEqual(expect.arrayContaining(['img/a.png', 'my img/b.jpg', 'https://x.org/c.png', './d.webp', 'e.gif', 'f.png', 'g.png']));
    const local = srcs.map((s) => resolveImageSource(s, '/site/docs/page.md', '/site')).filter(Boolean);
    expect(local).toEqual(expect.arrayContaining(['/site/docs/img/a.png', '/site/docs/my img/b.jpg', '/site/docs/d.webp', '/site/docs/e.gif']));
    expect(local).not.toContain(undefined);
    expect(local.some((p) => p!.includes('x.org') || p!.includes('data:'))).toBe(false);
  });

  it('lints each referenced image file once, however many documents reference it', async () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.copyFileSync(img('poster.jpg'), path.join(dir, 'assets', 'poster.jpg'));
    fs.writeFileSync(path.join(dir, 'docs', 'a.md'), '# A\n\n![Poster for the spring campaign](../assets/poster.jpg)\n');
    fs.writeFileSync(path.join(dir, 'docs', 'b.html'), '<p>Our poster:</p><img src="../assets/poster.jpg" alt="Poster for the spring campaign"><img src="../assets/missing.png" alt="x y z">');
    const res = await lintFiles([path.join(dir, 'docs', 'a.md'), path.join(dir, 'docs', 'b.html')], { ocr: false, cwd: dir });
    const names = res.map((r) => path.relative(dir, r.filePath));
    expect(names.sort()).toEqual(['assets/poster.jpg', 'docs/a.md', 'docs/b.html']);
    const poster = res.find((r) => r.filePath.endsWith('poster.jpg'))!;
    expect(poster.messages.some((m) => m.ruleId === 'image-location-leak')).toBe(true);
  });
});

describe('OCR', () => {
  it('reads the text printed on a poster, with boxes and confidence', async () => {
    const r = await ocrImage(fs.readFileSync(img('poster-text.png')));
    expect(r.text).toMatch(/\$150 billion industry/);
    expect(r.text).toMatch(/27 million slaves/);
    expect(r.confidence).toBeGreaterThan(70);
    for (const p of r.paragraphs) {
      expect(p.bbox.x).toBeGreaterThanOrEqual(0);
      expect(p.bbox.x + p.bbox.width).toBeLessThanOrEqual(900);
      expect(p.bbox.y + p.bbox.height).toBeLessThanOrEqual(600);
    }
  }, 60000);

  it('recognised text is linted as `ocr` with its box; explicit image files get OCR by default', async () => {
    const [r] = await lintFiles([img('poster-text.png')], {});
    const m = r!.messages.find((x) => x.ruleId === 'dehumanizing-label' && x.source === 'ocr');
    expect(m).toBeDefined();
    expect(m!.actual).toBe('slaves');
    expect(m!.bbox).toMatchObject({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number) });
    expect(m!.confidence).toBeGreaterThan(70);
    // a myth statistic printed across two lines of the poster is read as one sentence
    const myth = r!.messages.find((x) => x.ruleId === 'unsound-statistic' && x.source === 'ocr' && /every 30 seconds a child is trafficked/i.test(x.actual ?? ''));
    expect(myth?.severity).toBe(2);
  }, 60000);

  it('is off when walking folders, and with ocr: false', async () => {
    const buf = fs.readFileSync(img('poster-text.png'));
    const walked = await parseImage(img('poster-text.png'), buf, { explicit: false });
    expect(walked.segments.filter((s) => s.kind === 'ocr')).toEqual([]);
    const off = await parseImage(img('poster-text.png'), buf, { explicit: true, ocr: false });
    expect(off.segments.filter((s) => s.kind === 'ocr')).toEqual([]);
    const on = await parseImage(img('poster-text.png'), buf, { explicit: false, ocr: true });
    expect(on.segments.filter((s) => s.kind === 'ocr').length).toBeGreaterThan(0);
  }, 60000);

  it('a clean poster gives text and no findings from the prose rules', async () => {
    const [r] = await lintFiles([img('poster-clean.png')], { ocr: true });
    expect(r!.messages.filter((m) => m.source === 'ocr' && m.severity > 0)).toEqual([]);
  }, 60000);
});
