/**
 * Regular expressions cannot hang the linter, and a rule that throws is isolated.
 *
 * 1. Every regular expression campaign-lint runs (tests/helpers/regexes.ts: compiled term rules,
 *    rules/data/*.json patterns, regex literals in rules/ and src/) is checked for catastrophic
 *    (exponential) backtracking with recheck. Expressions with no unbounded quantifier (*, +, {n,})
 *    cannot backtrack catastrophically and are not sent to recheck. Verdicts are cached by pattern
 *    in node_modules/.cache/campaign-lint/redos.json, so only new or changed patterns are checked;
 *    a fresh clone starts from tests/helpers/redos-seed.json, recheck's verdicts from an earlier run
 *    (keyed by pattern and recheck version, so a changed pattern is always checked again). A check
 *    that does not answer within 30 s counts as undecided (recheck's agent once stalled on a fresh
 *    clone, which would otherwise hang the run until the test's timeout).
 *    Polynomial (2nd-degree) findings are printed, not failed: on paragraph-sized segments they are
 *    harmless, and long inputs are bounded by the per-file limits.
 * 2. A plugin rule that throws on one file gives one finding naming the rule on that file; the other
 *    rules and files are unaffected (in-process and in the worker pool).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { collectRegexes, type FoundRegex } from './helpers/regexes.js';

const CACHE = path.resolve(__dirname, '../node_modules/.cache/campaign-lint/redos.json');
const SEED = path.resolve(__dirname, 'helpers/redos-seed.json');
const CHECK_TIMEOUT_MS = 30000;
const RECHECK_VERSION = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../node_modules/recheck/package.json'), 'utf8')).version as string;

/** Does the pattern contain a quantifier without an upper bound (outside escapes and character classes)? */
export function hasUnboundedQuantifier(src: string): boolean {
  let s = '';
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '\\') { s += 'x'; i += 2; continue; }
    if (c === '[') {
      let k = i + 1;
      if (src[k] === '^') k++;
      if (src[k] === ']') k++;
      while (k < src.length && src[k] !== ']') { if (src[k] === '\\') k++; k++; }
      s += 'x'; i = k + 1; continue;
    }
    s += c; i++;
  }
  return /[*+]|\{\d*,\}/.test(s) || [...s.matchAll(/\{\d+,(\d+)\}/g)].some((m) => Number(m[1]) > 10);
}

type Verdict = { status: string; complexity?: string };

describe('regular expressions: no catastrophic backtracking', () => {
  const all = collectRegexes();

  it('finds the expressions (sanity)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((r) => r.where.includes('rules/data') || r.where.endsWith('.json') || /\.json/.test(r.where))).toBe(true);
  });

  it('the screen is sound: bounded patterns have no * + or {n,}', () => {
    expect(hasUnboundedQuantifier('a+b')).toBe(true);
    expect(hasUnboundedQuantifier('(?:a|b)*')).toBe(true);
    expect(hasUnboundedQuantifier('a{2,}')).toBe(true);
    expect(hasUnboundedQuantifier('[*+]x?')).toBe(false);
    expect(hasUnboundedQuantifier('\\+ (?:a|b)? c{1,3}')).toBe(false);
  });

  it('recheck finds no exponential backtracking in any of them', async () => {
    let cache: Record<string, Verdict> = {};
    for (const file of [SEED, CACHE]) {
      try { const c = JSON.parse(fs.readFileSync(file, 'utf8')); if (c.recheck === RECHECK_VERSION) cache = { ...cache, ...c.verdicts }; } catch { /* first run */ }
    }
    const todo = all.filter((r) => hasUnboundedQuantifier(r.source));
    const verdicts = new Map<FoundRegex, Verdict>();
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const r = todo[next++]!;
        const key = `/${r.source}/${r.flags}`;
        let v = cache[key];
        if (!v) {
          let timer: NodeJS.Timeout | undefined;
          const stalled = new Promise<{ status: 'unknown' }>((resolve) => { timer = setTimeout(() => resolve({ status: 'unknown' }), CHECK_TIMEOUT_MS); });
          const d = await Promise.race([check(r.source, r.flags, { timeout: 10000 }), stalled]);
          clearTimeout(timer);
          v = { status: d.status, ...(d.status === 'vulnerable' ? { complexity: d.complexity.type } : {}) };
          if (d.status !== 'unknown') cache[key] = v;
        }
        verdicts.set(r, v);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    fs.mkdirSync(path.dirname(CACHE), { recursive: true });
    fs.writeFileSync(CACHE, JSON.stringify({ recheck: RECHECK_VERSION, verdicts: cache }));

    const exponential = [...verdicts].filter(([, v]) => v.complexity === 'exponential').map(([r]) => `${r.where}: /${r.source.slice(0, 140)}/${r.flags}`);
    const polynomial = [...verdicts].filter(([, v]) => v.complexity === 'polynomial').map(([r]) => `${r.where}: /${r.source.slice(0, 100)}/`);
    const unknown = [...verdicts].filter(([, v]) => v.status === 'unknown').map(([r]) => `${r.where}: /${r.source.slice(0, 100)}/`);
    if (polynomial.length) console.warn(`redos: ${polynomial.length} of ${all.length} expressions are polynomial (quadratic) in the worst case:\n  ${polynomial.join('\n  ')}`);
    if (unknown.length) console.warn(`redos: recheck could not decide ${unknown.length} expressions in time:\n  ${unknown.join('\n  ')}`);
    expect(exponential, 'exponential backtracking: rewrite these so no string can be matched in two ways inside a repetition').toEqual([]);
  }, 900000);
});

describe('a rule that throws is reported and isolated', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-throwing-rule-'));
  fs.writeFileSync(path.join(dir, 'plugin.mjs'), `export const rules = [{
    meta: { id: 'test-plugin/throws', description: 'throws on bad.md', principle: 'none', severity: 'warn', scope: 'segment', recommended: true },
    check(ctx) { if (ctx.doc.filePath.endsWith('bad.md')) throw new Error('kaboom'); },
  }];\n`);
  fs.writeFileSync(path.join(dir, 'campaign-lint.config.json'), JSON.stringify({ plugins: ['./plugin.mjs'] }));
  const text = 'Traffickers are evil monsters hiding in plain sight.\n';
  for (const f of ['bad.md', 'good.md', 'also-good.md']) fs.writeFileSync(path.join(dir, f), text);

  it.each([['in-process', 'off' as const], ['worker pool', 2]])('%s', async (_l, concurrency) => {
    const results = await lintFiles([dir], { cwd: dir, concurrency });
    const by = new Map(results.map((r) => [path.basename(r.filePath), r]));
    const bad = by.get('bad.md')!;
    const failure = bad.messages.filter((m) => m.ruleId === 'test-plugin/throws');
    expect(failure).toHaveLength(1);
    expect(failure[0]!.message).toMatch(/Rule "test-plugin\/throws" failed on this file and was skipped: kaboom/);
    expect(failure[0]!.fatal).toBeFalsy();
    expect(bad.fatalErrorCount).toBe(0);
    // the other rules still ran on the same file, and the other files are untouched
    const others = (r: typeof bad) => r.messages.filter((m) => m.ruleId !== 'test-plugin/throws').map((m) => `${m.ruleId}@${m.offset}`);
    expect(others(bad).length).toBeGreaterThan(0);
    expect(others(bad)).toEqual(others(by.get('good.md')!));
    expect(by.get('good.md')!.messages.some((m) => m.ruleId === 'test-plugin/throws')).toBe(false);
    expect(by.get('also-good.md')!.messages.some((m) => m.ruleId === 'test-plugin/throws')).toBe(false);
  }, 120000);
});
