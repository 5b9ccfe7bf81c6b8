#!/usr/bin/env node
/**
 * Generates the image fixtures (nothing is downloaded): real JPEG, PNG, WebP, TIFF, GIF and SVG files
 * with EXIF, XMP, IPTC IIM, Windows XP tags, GPS and PNG text chunks, a poster with printed text for
 * OCR (rendered from SVG text by sharp, so it needs a system font such as DejaVu), a corrupt and a
 * truncated file, and clean images. The output is committed; run again after changing this script:
 *
 *   node scripts/make-image-fixtures.mjs
 *
 * sharp writes EXIF and XMP but not IPTC, so the IPTC APP13 segment and PNG text chunks are written
 * here by hand (independently of the readers in src/, so the tests check one against the other).
 * Note: libvips drops a trailing " (...)" from EXIF strings, so no fixture string ends with one.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = (rel, buf) => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, buf);
  console.log(`${rel} (${buf.length} bytes)`);
};
const json = (rel, v) => out(rel, Buffer.from(JSON.stringify(v, null, 2) + '\n'));

// ------------------------------------------------------------------ writers

const u16 = (n) => Buffer.from([n >> 8, n & 255]);
const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

/** An APP13 "Photoshop 3.0" segment holding one 8BIM 0x0404 IPTC IIM resource (UTF-8, 1:90 = ESC % G). */
function iptcSegment(records) {
  const parts = [Buffer.from([0x1c, 1, 90, 0, 3, 0x1b, 0x25, 0x47])];
  for (const [rec, ds, value] of records) {
    const v = Buffer.from(value, 'utf8');
    parts.push(Buffer.from([0x1c, rec, ds]), u16(v.length), v);
  }
  const iim = Buffer.concat(parts);
  const resource = Buffer.concat([Buffer.from('8BIM', 'latin1'), u16(0x0404), Buffer.from([0, 0]), u32(iim.length), iim, Buffer.alloc(iim.length % 2)]);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]);
  return Buffer.concat([Buffer.from([0xff, 0xed]), u16(payload.length + 2), payload]);
}
/** Insert an IPTC segment right after the JPEG SOI marker. */
const withIptc = (jpeg, records) => Buffer.concat([jpeg.subarray(0, 2), iptcSegment(records), jpeg.subarray(2)]);

/** A PNG text chunk (tEXt, or iTXt for UTF-8), inserted before IEND. */
function withPngText(png, keyword, text, itxt = false) {
  const data = itxt
    ? Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')])
    : Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const type = Buffer.from(itxt ? 'iTXt' : 'tEXt', 'latin1');
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(Buffer.concat([type, data])));
  const chunk = Buffer.concat([u32(data.length), type, data, crc]);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

/** A little-endian, uncompressed RGB TIFF with text tags, XMP and (optionally) a GPS directory. */
function tiff(rgb, width, height, { description, xpTitle, xmp: packet, gps }) {
  const entries = []; // [tag, type, count, Buffer value]
  const short = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const long = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
  const rational = (...pairs) => Buffer.concat(pairs.flatMap(([n, d]) => [long(n), long(d)]));
  const ascii = (s) => Buffer.from(s + '\0', 'latin1');
  entries.push([256, 3, 1, short(width)], [257, 3, 1, short(height)], [258, 3, 3, Buffer.concat([short(8), short(8), short(8)])],
    [259, 3, 1, short(1)], [262, 3, 1, short(2)], [273, 4, 1, null], [277, 3, 1, short(3)], [278, 3, 1, short(height)], [279, 4, 1, long(rgb.length)]);
  if (description) entries.push([270, 2, ascii(description).length, ascii(description)]);
  if (packet) { const x = Buffer.from(packet, 'utf8'); entries.push([700, 1, x.length, x]); }
  if (xpTitle) { const x = Buffer.from(xpTitle + '\0', 'utf16le'); entries.push([0x9c9b, 1, x.length, x]); }
  if (gps) entries.push([0x8825, 4, 1, null]);
  entries.sort((a, b) => a[0] - b[0]);
  const gpsEntries = [[1, 2, 2, Buffer.from('N\0')], [2, 5, 3, rational([48, 1], [51, 1], [2400, 100])], [3, 2, 2, Buffer.from('E\0')], [4, 5, 3, rational([2, 1], [21, 1], [700, 100])]];
  // layout: header | IFD0 | IFD0 values | GPS IFD | GPS values | pixels
  const ifdSize = (n) => 2 + n * 12 + 4;
  const valuesSize = (es) => es.reduce((a, e) => a + (e[3] && e[3].length > 4 ? e[3].length + (e[3].length % 2) : 0), 0);
  const ifd0At = 8, gpsAt = ifd0At + ifdSize(entries.length) + valuesSize(entries);
  const pixelsAt = gpsAt + (gps ? ifdSize(gpsEntries.length) + valuesSize(gpsEntries) : 0);
  const writeIfd = (es, at) => {
    const head = Buffer.alloc(ifdSize(es.length)); head.writeUInt16LE(es.length, 0);
    const vals = []; let vAt = at + head.length;
    es.forEach(([tag, type, count, v], i) => {
      const e = 2 + i * 12;
      head.writeUInt16LE(tag, e); head.writeUInt16LE(type, e + 2); head.writeUInt32LE(count, e + 4);
      if (tag === 273) head.writeUInt32LE(pixelsAt, e + 8);
      else if (tag === 0x8825) head.writeUInt32LE(gpsAt, e + 8);
      else if (v.length <= 4) v.copy(head, e + 8);
      else { head.writeUInt32LE(vAt, e + 8); vals.push(v, Buffer.alloc(v.length % 2)); vAt += v.length + (v.length % 2); }
    });
    return Buffer.concat([head, ...vals]);
  };
  const header = Buffer.from([0x49, 0x49, 42, 0, ifd0At, 0, 0, 0]);
  return Buffer.concat([header, writeIfd(entries, ifd0At), gps ? writeIfd(gpsEntries, gpsAt) : Buffer.alloc(0), rgb]);
}

/** An XMP packet. `props` is raw RDF/XML put inside rdf:Description; `attrs` become attributes of it. */
function xmp(props, attrs = '') {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" ${attrs}>
${props}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}
const alt = (name, ...langs) => `<${name}><rdf:Alt>${langs.map(([l, v]) => `<rdf:li xml:lang="${l}">${v}</rdf:li>`).join('')}</rdf:Alt></${name}>`;
const bag = (name, ...items) => `<${name}><rdf:Bag>${items.map((v) => `<rdf:li>${v}</rdf:li>`).join('')}</rdf:Bag></${name}>`;

const GPS_PARIS = { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 700/100' };

/** A plain picture: a few coloured shapes, so it is a real image but has no text to read. */
function picture(w = 160, h = 120, hue = '#8a5a44') {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#e9e4dc"/>
<circle cx="${w * 0.35}" cy="${h * 0.45}" r="${h * 0.25}" fill="${hue}"/><rect x="${w * 0.55}" y="${h * 0.3}" width="${w * 0.3}" height="${h * 0.5}" fill="#4b6c8a"/></svg>`;
  return sharp(Buffer.from(svg));
}

/** A poster with printed text, rendered from SVG text (DejaVu Sans). */
function poster(lines, w = 900, h = 600) {
  const tspans = lines.map((l, i) => `<text x="50" y="${110 + i * 90}" font-family="DejaVu Sans" font-size="${i === 0 ? 52 : 44}" font-weight="bold" fill="#111">${l}</text>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f7f3ea"/>${tspans}</svg>`));
}

// ------------------------------------------------------------------ fixtures/images

const I = 'fixtures/images/';

// The poster of the issue's "done when": XMP description with a restraint motif, EXIF GPS.
out(I + 'poster.jpg', await picture(320, 240, '#6d2b2b').jpeg({ quality: 80 })
  .withExif({ IFD0: { Artist: 'Campaign team' }, IFD3: GPS_PARIS })
  .withXmp(xmp(alt('dc:description', ['x-default', 'girl in handcuffs behind bars']) + alt('dc:title', ['x-default', 'Awareness poster'])))
  .toBuffer());

// Every description layer of a JPEG: EXIF ImageDescription, XP tags (UTF-16), UserComment, XMP alt-lang
// entries, accessibility alt text, keywords, IPTC IIM caption/keywords/headline/object name and places.
out(I + 'layers.jpg', withIptc(await picture().jpeg().withExif({
  IFD0: { ImageDescription: 'Workers at a garment factory', XPTitle: 'Hope after harbour raid', XPKeywords: 'harbour;factory;workers', XPSubject: 'Awareness week', XPComment: 'Approved by comms' },
  IFD2: { UserComment: 'Shot for the spring campaign' },
}).withXmp(xmp(
  alt('dc:description', ['x-default', 'A woman checks her phone at a bus stop'], ['es', 'Una mujer mira su teléfono']) +
  alt('Iptc4xmpCore:AltTextAccessibility', ['x-default', 'Woman at a bus stop looking at a job advert on her phone']) +
  bag('dc:subject', 'recruitment', 'online', 'jobs') + '<photoshop:Headline>Know the signs</photoshop:Headline>',
)).toBuffer(), [[2, 5, 'spring-poster'], [2, 25, 'bus stop'], [2, 25, 'phone'], [2, 105, 'Fake job offers'], [2, 120, 'A job advert that promises too much'], [2, 90, 'Leeds'], [2, 92, 'Kirkgate shelter']]));

// Windows XP tags (as Windows Explorer writes them), with a sensational title, and a JPEG comment (COM).
{
  const j = await picture(160, 120, '#553').jpeg().withExif({
    IFD0: { XPTitle: 'Sex slaves rescued in raid', XPKeywords: 'slaves;raid;rescue', XPComment: 'Für die Kampagne – draft' },
  }).toBuffer();
  const com = Buffer.from('Sent by the photo agency', 'latin1');
  out(I + 'xp-tags.jpg', Buffer.concat([j.subarray(0, 2), Buffer.from([0xff, 0xfe]), u16(com.length + 2), com, j.subarray(2)]));
}

// AVIF (ISOBMFF): XMP description and EXIF GPS.
out(I + 'night.avif', await picture(64, 48, '#224').avif().withXmp(xmp(alt('dc:description', ['x-default', 'Volunteers on a night outreach walk'])))
  .withExif({ IFD3: GPS_PARIS }).toBuffer());

// People named in the image: PersonInImage and a named face region; GPS in XMP.
out(I + 'people.jpg', await picture(200, 150, '#a77').jpeg().withXmp(xmp(
  bag('Iptc4xmpExt:PersonInImage', 'Maria Lopez') + alt('dc:description', ['x-default', 'Maria at the community kitchen']) +
  `<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Name>Ana Petrova</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Area stArea:x="0.4" stArea:y="0.4" stArea:w="0.2" stArea:h="0.3"/></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>`,
  'exif:GPSLatitude="51,30.0N" exif:GPSLongitude="0,7.5W"',
)).toBuffer());

// PNG: tEXt and iTXt chunks, XMP with a city, EXIF GPS.
{
  let png = await picture(160, 120, '#357').png().withExif({ IFD0: { ImageDescription: 'Volunteers at the helpline' }, IFD3: GPS_PARIS })
    .withXmp(xmp(alt('dc:title', ['x-default', 'Helpline volunteers']), 'photoshop:City="Marseille"')).toBuffer();
  png = withPngText(png, 'Description', 'Prostitutes on a street corner at night');
  png = withPngText(png, 'Comment', 'Crédit photo : équipe', true);
  png = withPngText(png, 'Software', 'campaign-lint fixtures');
  out(I + 'text-chunks.png', png);
}

// WebP: XMP description and location structure.
out(I + 'shelter.webp', await picture(160, 120, '#375').webp().withXmp(xmp(
  alt('dc:description', ['x-default', 'Children locked in a cage at the border']) +
  `<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li rdf:parseType="Resource"><Iptc4xmpExt:City>Calais</Iptc4xmpExt:City><Iptc4xmpExt:Sublocation>Rue des Soupirants 12</Iptc4xmpExt:Sublocation><Iptc4xmpExt:CountryName>France</Iptc4xmpExt:CountryName></rdf:li></rdf:Bag></Iptc4xmpExt:LocationShown>`,
)).withExif({ IFD3: GPS_PARIS }).toBuffer());

// TIFF: libvips does not write EXIF tags into TIFF, so this one is written by hand (tiff() below):
// ImageDescription and XPTitle in IFD0, an XMP packet (tag 700) and a GPS directory.
out(I + 'scan.tif', tiff(await picture(120, 90, '#733').removeAlpha().raw().toBuffer(), 120, 90, {
  description: 'Illegal immigrants at the port', xpTitle: 'Port scan', gps: true,
  xmp: xmp(alt('dc:description', ['x-default', 'Port workers unloading a ship'])),
}));

// Clean images: no metadata at all, or harmless captions only.
out(I + 'clean.jpg', await picture().jpeg().toBuffer());
out(I + 'clean.png', await picture(120, 90, '#4a6').png().toBuffer());
out(I + 'clean.gif', await picture(64, 48, '#46a').gif().toBuffer());
out(I + 'clean.webp', await picture(120, 90, '#a64').webp().withXmp(xmp(alt('dc:description', ['x-default', 'Two colleagues talking over coffee']), 'photoshop:Country="France"')).toBuffer());

// SVG: title, desc and text.
out(I + 'banner.svg', Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" role="img" aria-label="Campaign banner">
  <title>Break the chains of modern slavery</title>
  <desc>Silhouette of a girl with a barcode tattooed on her neck</desc>
  <text x="10" y="60" font-size="30">Know the <tspan font-weight="bold">signs</tspan></text>
</svg>
`));

// OCR posters: printed text only (no metadata), including an outdated statistic and a dehumanizing label.
out(I + 'poster-text.png', await poster(['Human trafficking is a', '$150 billion industry.', '27 million slaves need you.', 'Every 30 seconds', 'a child is trafficked.']).png().toBuffer());
out(I + 'poster-clean.png', await poster(['Know the signs.', 'Ask for help. Call 0800 555 0100', 'Free, confidential, 24 hours.']).png().toBuffer());

// Broken files.
out(I + 'corrupt.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('this is not really a jpeg, just bytes '.repeat(20))]));
{
  const whole = await picture(320, 240, '#733').jpeg({ quality: 90 }).toBuffer();
  out(I + 'truncated.jpg', whole.subarray(0, Math.floor(whole.length * 0.6)));
  const png = await picture(320, 240, '#337').png().toBuffer();
  out(I + 'truncated.png', png.subarray(0, Math.floor(png.length * 0.7)));
}
out(I + 'not-an-image.png', Buffer.from('Hello, I am a text file that was renamed to .png\n'));

// ------------------------------------------------------------------ fixtures/rules/image-location-leak

const L = 'fixtures/rules/image-location-leak/';
out(L + 'invalid/gps.jpg', await picture().jpeg().withExif({ IFD0: { ImageDescription: 'Volunteers packing food parcels' }, IFD3: GPS_PARIS }).toBuffer());
json(L + 'invalid/gps.jpg.expect.json', [{ rule: 'image-location-leak', source: 'exif:GPS' }]);
out(L + 'invalid/iptc-city.jpg', withIptc(await picture().jpeg().toBuffer(), [[2, 120, 'Our new drop-in centre'], [2, 90, 'Leeds'], [2, 92, 'Kirkgate drop-in centre']]));
json(L + 'invalid/iptc-city.jpg.expect.json', [{ rule: 'image-location-leak', source: 'iptc:City' }, { rule: 'image-location-leak', source: 'iptc:Sub-location' }]);
out(L + 'invalid/xmp-location.png', await picture().png().withXmp(xmp(
  `<Iptc4xmpExt:LocationCreated><rdf:Bag><rdf:li rdf:parseType="Resource"><Iptc4xmpExt:City>Calais</Iptc4xmpExt:City></rdf:li></rdf:Bag></Iptc4xmpExt:LocationCreated>`,
  'photoshop:City="Calais"',
)).toBuffer());
json(L + 'invalid/xmp-location.png.expect.json', [{ rule: 'image-location-leak', source: 'xmp:photoshop:City' }, { rule: 'image-location-leak', source: 'xmp:Iptc4xmpExt:LocationCreated/Iptc4xmpExt:City' }]);
out(L + 'invalid/gps.webp', await picture().webp().withExif({ IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 52/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '151/1 12/1 30/1' } }).toBuffer());
json(L + 'invalid/gps.webp.expect.json', [{ rule: 'image-location-leak', source: 'exif:GPS' }]);
out(L + 'valid/no-location.jpg', await picture().jpeg().withExif({ IFD0: { ImageDescription: 'Volunteers packing food parcels' } }).toBuffer());
out(L + 'valid/country-only.png', await picture().png().withXmp(xmp(alt('dc:description', ['x-default', 'Campaign launch']), 'photoshop:Country="Kenya"')).toBuffer());
out(L + 'valid/no-metadata.webp', await picture().webp().toBuffer());

// ------------------------------------------------------------------ fixtures/sample-campaign/images

const S = 'fixtures/sample-campaign/images/';
// images/handcuffs.jpg is the picture index.html shows: its own caption repeats the restraint motif,
// and the phone that took it recorded where (GPS), so linting the page also lints this file once.
out(S + 'handcuffs.jpg', withIptc(await picture(320, 240, '#6d2b2b').jpeg({ quality: 80 })
  .withExif({ IFD0: { Artist: 'Campaign team' }, IFD3: GPS_PARIS })
  .withXmp(xmp(alt('dc:description', ['x-default', 'girl in handcuffs behind bars']))).toBuffer(), [[2, 25, 'trafficking'], [2, 25, 'victim'], [2, 92, 'Harlow County safe house']]));
out(S + 'poster-statistic.png', await poster(['Every 30 seconds', 'a child is trafficked.', 'Know the signs.']).png().toBuffer());
out(S + 'helpline-volunteers.jpg', await picture(320, 240, '#3a6b5a').jpeg({ quality: 80 }).withXmp(xmp(
  alt('dc:description', ['x-default', 'Two helpline volunteers taking calls']) + alt('Iptc4xmpCore:AltTextAccessibility', ['x-default', 'Two volunteers with headsets at a desk']),
)).toBuffer());
