/**
 * --cache: an unchanged file's result is reused; a change to the file or to the configuration makes it
 * be linted again, and a referenced image is cached (and invalidated) as a file of its own. Cache hits are made visible by planting a
 * marker in the stored result: it comes back only when the entry is reused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const cacheFile = path.join(dir, '.cache', 'cl.json');
const page = path.join(dir, 'page.md');
const TEXT = 'Traffickers are evil monsters hiding in plain sight.\n\n![A volunteer hands out leaflets](poster.png)\n';

function plantMarker() {
  const c = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const e = c.entries[page];
  expect(e, 'the page is in the cache').toBeDefined();
  e.result.messages = [{ ...e.result.messages[0], message: 'FROM-CACHE' }];
  fs.writeFileSync(cacheFile, JSON.stringify(c));
}
const lint = (config: unknown = {}) => lintFiles([page], { cwd: dir, cache: true, cacheLocation: cacheFile, concurrency: 'off', config });
const fromCache = (r: Awaited<ReturnType<typeof lint>>) => r[0]!.messages.some((m) => m.message === 'FROM-CACHE');

describe('--cache', () => {
  it('reuses, and invalidates on content and config changes; a referenced image is an entry of its own', async () => {
    fs.writeFileSync(page, TEXT);
    fs.writeFileSync(path.join(dir, 'poster.png'), Buffer.from('not really a png'));
    const first = await lint();
    expect(first[0]!.messages.length).toBeGreaterThan(0);
    expect(fs.existsSync(cacheFile)).toBe(true);

    plantMarker();
    expect(fromCache(await lint())).toBe(true); // unchanged: reused

    fs.writeFileSync(page, TEXT + '\nCall the helpline.\n');
    const edited = await lint();
    expect(fromCache(edited)).toBe(false); // content changed: linted again
    expect(edited[0]!.messages.map((m) => m.ruleId)).toContain(first[0]!.messages[0]!.ruleId);

    plantMarker();
    expect(fromCache(await lint({ rules: { 'villain-demonization': 'off' } }))).toBe(false); // config changed

    await lint();
    plantMarker();
    expect(fromCache(await lint())).toBe(true);
    const img = path.join(dir, 'poster.png');
    const imgEntry = () => JSON.parse(fs.readFileSync(cacheFile, 'utf8')).entries[img];
    expect(imgEntry(), 'the referenced image is linted (and cached) as a file of its own').toBeDefined();
    const imgHash = imgEntry().content;
    fs.writeFileSync(img, Buffer.from('a different image, longer than before'));
    const r = await lint();
    // the image is linted again; the page's findings do not depend on the image's bytes (alt text and
    // captions are in the Markdown), so the page's entry is rightly reused
    expect(imgEntry().content).not.toBe(imgHash);
    expect(r.map((x) => path.basename(x.filePath))).toEqual(['page.md', 'poster.png']);
    expect(fromCache(r)).toBe(true);
  }, 120000);

  it('a corrupt cache file is ignored and rebuilt', async () => {
    fs.writeFileSync(cacheFile, '{ not json');
    const r = await lint();
    expect(r[0]!.fatalErrorCount).toBe(0);
    expect(() => JSON.parse(fs.readFileSync(cacheFile, 'utf8'))).not.toThrow();
  });
});
