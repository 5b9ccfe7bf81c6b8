/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core. Opens the sample
 * campaign's report, uses the filters and checks what is shown, follows a highlight to its finding,
 * and checks the print layout. Set UPDATE_SCREENSHOT=1 to refresh docs/report-screenshot.png.
 * Skipped (with a message) only when no chromium binary can be found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintFiles } from '../src/engine.js';
import { formatHtml } from '../src/formatters/html.js';
import type { FileResult } from '../src/types.js';

const ROOT = path.resolve(__dirname, '..');
const SAMPLE = path.join(ROOT, 'fixtures/sample-campaign');
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && fs.existsSync(p));
if (!CHROMIUM) console.warn('tests/html-report.test.ts: skipped, no chromium found (apt-get install -y --no-install-recommends chromium, or set CHROMIUM_PATH).');

describe.skipIf(!CHROMIUM)('HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let results: FileResult[];
  let dir: string;
  let reportPath: string;

  beforeAll(async () => {
    results = await lintFiles([SAMPLE], { cwd: ROOT });
    const html = await formatHtml(results, { cwd: ROOT, rules: new Map(builtinRules.map((r) => [r.meta.id, r])), title: 'Sample campaign: campaign-lint report' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-report-'));
    reportPath = path.join(dir, 'report.html');
    fs.writeFileSync(reportPath, html);
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // the report must work offline: refuse every request that is not the file itself
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(reportPath).href);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const all = () => results.flatMap((r) => r.messages);
  const visibleFindings = () => page.locator('li.finding:visible');
  const count = (sev: number) => all().filter((m) => (m.fatal ? 2 : m.severity) === sev).length;

  it('shows errors and warnings by default, with notes behind their filter', async () => {
    expect(all().length).toBeGreaterThan(5);
    expect(await visibleFindings().count()).toBe(count(2) + count(1));
    await expect.poll(() => page.locator('#shown').textContent()).toBe(`Showing ${count(2) + count(1)} of ${all().length} findings.`);
    expect(await page.locator('input[name="severity"][value="info"]').isChecked()).toBe(false);
  });

  it('clicking the Warnings filter hides every warning and its highlight', async () => {
    await page.getByRole('checkbox', { name: /Warnings \(\d+\)/ }).uncheck();
    expect(await visibleFindings().count()).toBe(count(2));
    expect(await page.locator('li.finding[data-severity="warning"]:visible').count()).toBe(0);
    // a highlight whose findings are all hidden loses its colour
    const offMarks = await page.locator('mark.hl.off').count();
    if (count(1) > 0) expect(offMarks).toBeGreaterThan(0);
    const bg = await page.locator('mark.hl.off').first().evaluate((el) => getComputedStyle(el).backgroundColor).catch(() => 'rgba(0, 0, 0, 0)');
    expect(bg).toBe('rgba(0, 0, 0, 0)');
    await expect.poll(() => page.locator('#shown').textContent()).toBe(`Showing ${count(2)} of ${all().length} findings.`);
    await page.getByRole('checkbox', { name: /Warnings \(\d+\)/ }).check();
    expect(await visibleFindings().count()).toBe(count(2) + count(1));
  });

  it('the rule filter shows one rule only, and hides documents without it', async () => {
    const byRule = new Map<string, number>();
    for (const m of all()) if (m.ruleId && m.severity > 0) byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
    const [rule, n] = [...byRule].sort((a, b) => b[1] - a[1])[0]!;
    await page.getByRole('button', { name: 'No rules' }).click();
    expect(await visibleFindings().count()).toBe(0);
    expect(await page.locator('article.doc:visible').count()).toBe(0);
    await page.locator(`input[name="rule"][value="${rule}"]`).check();
    expect(await visibleFindings().count()).toBe(n);
    const rulesShown = await visibleFindings().evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-rule')))]);
    expect(rulesShown).toEqual([rule]);
    const docsWithRule = results.filter((r) => r.messages.some((m) => m.ruleId === rule && m.severity > 0)).length;
    expect(await page.locator('article.doc:visible').count()).toBe(docsWithRule);
    await page.getByRole('button', { name: 'All rules' }).click();
    expect(await visibleFindings().count()).toBe(count(2) + count(1));
  });

  it('a highlighted passage links to its finding, which explains and suggests', async () => {
    const mark = page.locator('mark.hl:not(.off) a').first();
    const target = (await mark.getAttribute('href'))!.slice(1);
    await mark.click();
    expect(await page.evaluate(() => location.hash)).toBe(`#${target}`);
    const finding = page.locator(`li#${target}`);
    await expect.poll(() => finding.isVisible()).toBe(true);
    expect((await finding.locator('.msg').textContent())!.length).toBeGreaterThan(20);
    const highlighted = await mark.textContent();
    expect(await finding.locator('.actual q').textContent()).toContain(highlighted!.trim().split(/\s+/)[0]);
  });

  it('shows image findings with an embedded thumbnail that the browser can decode', async () => {
    const thumbs = page.locator('img.thumb');
    expect(await thumbs.count()).toBeGreaterThan(0);
    const sizes = await thumbs.evaluateAll((els) => (els as HTMLImageElement[]).map((i) => [i.naturalWidth, i.naturalHeight]));
    for (const [w, h] of sizes) { expect(w).toBeGreaterThan(0); expect(h).toBeGreaterThan(0); expect(Math.max(w!, h!)).toBeLessThanOrEqual(320); }
  });

  it('prints without the filters, with every shown finding and its documentation link', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await visibleFindings().count()).toBe(count(2) + count(1));
    const after = await page.locator('a.rule').first().evaluate((el) => getComputedStyle(el, '::after').content);
    expect(after).toContain('http');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
  });

  it('keeps a screenshot of the sample campaign report in docs/ (UPDATE_SCREENSHOT=1 refreshes it)', async () => {
    const shot = path.join(ROOT, 'docs/report-screenshot.png');
    if (process.env.UPDATE_SCREENSHOT) {
      // the sticky filter bar over the first documents, with their highlighted passages and findings
      await page.setViewportSize({ width: 1100, height: 1300 });
      await page.evaluate(() => {
        const doc = document.querySelector('article.doc:has(.excerpts)') ?? document.querySelector('#documents')!;
        window.scrollBy(0, doc.getBoundingClientRect().top - 200);
      });
      await page.screenshot({ path: shot });
    }
    expect(fs.existsSync(shot)).toBe(true);
    expect(fs.readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });
});
