/**
 * uncited-statistic and unsound-statistic: the registry (validation, number forms, coverage by
 * fixtures), the labelled convention (a myth with no citation gets both rules on the same span; with a
 * citation only unsound-statistic), debunk context, severities, config and --explain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, lintText } from '../src/engine.js';
import { BUILTIN, expandMacros, numberRe, parseEntries } from '../src/statistics/registry.js';
import unsound from '../rules/unsound-statistic.js';
import { builtinRules } from '../rules/index.js';
import type { Finding } from '../src/types.js';

const only = { rules: { 'uncited-statistic': 'warn', 'unsound-statistic': 'error' } } as const;
async function stats(text: string, config: Record<string, unknown> = {}): Promise<Finding[]> {
  const res = await lintText(text, { config: { ...config }, filePath: 'post.md' });
  return res.messages.filter((m) => m.ruleId === 'uncited-statistic' || m.ruleId === 'unsound-statistic');
}
const ids = (fs: Finding[]) => fs.map((f) => `${f.ruleId}:${f.severity}`).sort();
void only;

describe('statistics registry', () => {
  it('loads and validates every built-in entry, each with a followable citation', () => {
    expect(BUILTIN.length).toBeGreaterThanOrEqual(30);
    for (const e of BUILTIN) {
      expect(e.sources[0]!.url).toMatch(/^https?:\/\//);
      expect(e.replacement.length).toBeGreaterThan(20);
    }
    expect(new Set(BUILTIN.map((e) => e.id)).size).toBe(BUILTIN.length);
  });

  it('reads a number in its usual forms, and not inside another number', () => {
    const re = new RegExp(numberRe(27_000_000), 'i');
    for (const ok of ['27 million', '27m', '27,000,000', 'twenty-seven million', 'twenty seven million']) expect(re.test(ok), ok).toBe(true);
    for (const no of ['127 million', '27.6 million', '2.7 million']) expect(re.test(no), no).toBe(false);
    expect(new RegExp(expandMacros('{pct:79}'), 'i').test('seventy-nine percent')).toBe(true);
    expect(new RegExp(expandMacros('{$}{n:150000000000}'), 'i').test('US$150bn')).toBe(true);
  });

  it('rejects an invalid project entry with a message naming it', () => {
    expect(() => parseEntries([{ id: 'x', patterns: ['a'], status: 'rumour' }], 'statistics.registry')).toThrow(/entry 1 "x" is not valid: status/);
    expect(() => parseEntries([{ id: 'y', patterns: ['(unclosed'], status: 'myth', why: 'w', replacement: 'r', year: 2000, sources: [{ org: 'o', title: 't', year: 2000, url: 'https://example.org' }] }], 'statistics.registry')).toThrow(/not a valid regular expression/);
  });

  it('has every registry entry covered by fixtures in at least two phrasings', async () => {
    const root = path.resolve(__dirname, '../fixtures/rules');
    const files = ['unsound-statistic', 'uncited-statistic'].flatMap((r) => ['invalid'].map((k) => path.join(root, r, k))).flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.md')).map((f) => path.join(d, f)));
    const results = await lintFiles(files, { config: {}, concurrency: 'off' });
    const lines = new Map<string, Set<string>>();
    for (const r of results) for (const m of r.messages) {
      const id = m.statistic as string | undefined;
      if (!id) continue;
      if (!lines.has(id)) lines.set(id, new Set());
      lines.get(id)!.add(`${r.filePath}:${m.line}`);
    }
    const thin = BUILTIN.filter((e) => (lines.get(e.id)?.size ?? 0) < 2).map((e) => e.id);
    expect(thin).toEqual([]);
  });
});

describe('unsound-statistic and uncited-statistic together', () => {
  it('a myth with no citation gets both rules on the same clause', async () => {
    const f = await stats('Wake up! Trafficking is the fastest-growing crime on the planet and a child is sold every 30 seconds.');
    expect(ids(f)).toEqual(['uncited-statistic:1', 'uncited-statistic:1', 'unsound-statistic:2', 'unsound-statistic:2']);
    const spans = [...new Set(f.map((m) => m.actual))].sort();
    expect(spans).toEqual(['Trafficking is the fastest-growing crime on the planet', 'a child is sold every 30 seconds']);
  });

  it('a myth with a citation gets only unsound-statistic, and the suggestion carries the sound figure and source', async () => {
    const f = await stats("Citing Estes and Weiner's 2001 report, our training still teaches that the average age of entry into the sex trade is 12 to 14.");
    expect(ids(f)).toEqual(['unsound-statistic:2']);
    expect(f[0]!.actual).toBe('the average age of entry into the sex trade is 12 to 14');
    expect(f[0]!.suggestions![0]!.desc).toMatch(/https:\/\/www\.theatlantic\.com/);
  });

  it('an outdated figure is a warning; with its year next to the current figure it is fine (RULES.md §2.7: not a violation)', async () => {
    expect(ids(await stats('There are 27 million slaves in the world today.'))).toEqual(['uncited-statistic:1', 'unsound-statistic:1']);
    const dated = await stats('Kevin Bales estimated 27 million slaves in 1999; the current estimate is 49.6 million people in modern slavery (ILO, 2022).');
    expect(ids(dated)).toEqual([]);
  });

  it('a sound figure without a source gets uncited-statistic with its ready-made citation', async () => {
    const f = await stats('27.6 million people are in forced labour.');
    expect(ids(f)).toEqual(['uncited-statistic:1']);
    expect(f[0]!.suggestions![0]!.desc).toMatch(/Global Estimates of Modern Slavery.*https:/);
    expect(await stats('27.6 million people are in forced labour, according to the ILO.')).toEqual([]);
  });

  it('stays silent when the sentence debunks the claim', async () => {
    expect(await stats("Fact check: the claim that 'someone is trafficked every 30 seconds' has no traceable source.")).toEqual([]);
    expect(await stats('Researchers say the often-repeated claim that the average age of entry into the sex trade is 12 to 14 comes from a misreading of a 2001 study.')).toEqual([]);
    expect(await stats('You may have heard that sex trafficking surges around the Super Bowl. A 2011 review found no evidence of such a spike.')).toEqual([]);
  });
});

describe('uncited-statistic', () => {
  it('flags claim forms about trafficking and reports the whole clause', async () => {
    const f = await stats('Our chairman told members that 3 in 5 trafficking victims in the county are never identified.');
    expect(f.map((m) => m.actual)).toEqual(['3 in 5 trafficking victims in the county are never identified']);
    expect((await stats('Trafficking arrests rose 40 percent last year, and experts believe thousands more cases go unreported.')).map((m) => m.actual))
      .toEqual(['Trafficking arrests rose 40 percent last year', 'thousands more cases go unreported']);
  });

  it('accepts the usual citation signals', async () => {
    for (const t of [
      'In 2023, more than 17,000 potential victims of modern slavery were referred to the National Referral Mechanism, according to Home Office statistics.',
      'Two in five survivors we surveyed had their wages withheld (Rivera and Cho, 2023).',
      'Over 60% of referrals for labour exploitation were men, [the NRM statistics](https://www.gov.uk/nrm) show.',
      'Among workers interviewed, 64% had paid recruitment fees.[^1]\n\n[^1]: Fair Labour Research Unit, 2024.',
      'A 2023 survey of 1,400 domestic workers found that 38% of trafficking victims had their passports taken.',
    ]) expect(await stats(t), t).toEqual([]);
  });

  it('does not treat a donation link as a citation', async () => {
    expect(ids(await stats('1 in 5 homeless teens here is approached by a trafficker. [Donate](https://example.org/donate)'))).toEqual(['uncited-statistic:1']);
    expect(ids(await stats('1 in 5 homeless teens here is approached by a trafficker [donate now](https://example.org/donate).'))).toEqual(['uncited-statistic:1']);
  });

  it('leaves non-claims alone: phones, dates, times, addresses, prices, ages in a story, own output', async () => {
    for (const t of [
      'Report trafficking to the National Human Trafficking Hotline: 1-888-373-7888, or text 233733, 24/7.',
      'Join us on 12 March 2025 at 6 pm, 14 Canal Street, for a workshop on forced labour.',
      'A gift of £40 funds a month of English classes for survivors of trafficking. $25 provides bus fares.',
      'Maria was 16 when a trafficker promised her a job in a hotel.',
      'This year we trained 300 nurses and reached 12,000 students with our trafficking workshops.',
      'Under 18 U.S.C. § 1591, sex trafficking of a minor carries a minimum of 10 years.',
    ]) expect(await stats(t), t).toEqual([]);
  });

  it('counts a project source from config (by name or url prefix) as a citation', async () => {
    const t = 'Roughly 70 percent of the trafficking survivors in our county were recruited by someone they knew, the Lantern Research Unit says.';
    expect(ids(await stats(t))).toEqual(['uncited-statistic:1']);
    expect(await stats(t, { statistics: { sources: ['Lantern Research Unit'] } })).toEqual([]);
    const linked = '70 percent of trafficking survivors were recruited by someone they knew ([data](https://data.lantern.example/2024)).';
    expect(await stats(linked, { statistics: { sources: ['https://data.lantern.example/'] } })).toEqual([]);
  });
});

describe('config statistics.registry', () => {
  const entry = {
    id: 'county-traffic-stops', patterns: ['{~}{n:5000} girls (?:are )?trafficked (?:through|in) Lake County'], status: 'myth',
    why: 'Made up at a 2019 rally.', replacement: 'Use the county task force annual report.', year: 2019,
    sources: [{ org: 'Lake County Task Force', title: 'Annual Report', year: 2024, url: 'https://lake.example/report' }],
  };
  it('adds a project entry that fires like a built-in one', async () => {
    const f = await stats('Every year 5,000 girls are trafficked through Lake County, police say.', { statistics: { registry: [entry] } });
    expect(f.find((m) => m.ruleId === 'unsound-statistic')?.message).toMatch(/Made up at a 2019 rally/);
  });
  it('reports an invalid project entry once per file in plain words', async () => {
    const f = await stats('Hello.', { statistics: { registry: [{ ...entry, status: 'rumour' }] } });
    expect(f.map((m) => m.message)).toEqual([expect.stringMatching(/statistics\.registry .*entry 1 "county-traffic-stops" is not valid: status/)]);
  });
});

describe('--explain unsound-statistic', () => {
  it('lists the registry with the sound figure and its source', () => {
    const text = unsound.explain();
    for (const e of BUILTIN) expect(text).toContain(`(${e.id})`);
    expect(text).toContain('https://www.ilo.org/');
    expect(builtinRules.some((r) => r.meta.id === 'uncited-statistic')).toBe(true);
  });
});
