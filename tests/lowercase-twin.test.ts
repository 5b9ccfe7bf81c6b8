/**
 * The lower-case twin of each term pattern (src/term-rule.ts, `runFor`): for text whose letters are
 * all ASCII, a case-insensitive pattern runs without the `i` flag on the lower-cased text. It must find
 * exactly the spans the original finds, for every built-in pattern, on real campaign text in its own
 * case, in capitals and in title case.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lowerCaseSource, runFor } from '../src/term-rule.js';

const spans = (re: RegExp, text: string) => {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m; (m = re.exec(text));) { if (m[0].length === 0) { re.lastIndex++; continue; } out.push(`${m.index}:${m[0].length}`); }
  return out;
};

describe('lower-case twins of the term patterns', () => {
  it('rewrite literals and class ranges, keep group names, and give up where case matters', () => {
    expect(lowerCaseSource('(?<![A-Za-z0-9_])(?:Sold [A-Z]\\bX)')).toBe('(?<![a-za-z0-9_])(?:sold [a-z]\\bx)');
    expect(lowerCaseSource('(?<Who>Men) and \\k<Who>')).toBe('(?<Who>men) and \\k<Who>');
    expect(lowerCaseSource('[^A-Z]\\d\\s\\W\\p{L}')).toBe('[^a-z]\\d\\s\\W\\p{L}');
    for (const s of ['\\x41', '\\u0041', '\\cA', '\\p{Lu}', '\\P{Ll}', '\\p{General_Category=Lu}', '[!-~]', '[Z-a]', '[a-Z]']) expect(lowerCaseSource(s)).toBeNull();
  });

  it('find the same spans as the case-insensitive originals on campaign text in any case', () => {
    const corpus = path.resolve(__dirname, '../fixtures/dev/holdout28.jsonl');
    const passages = fs.readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text)
      // eslint-disable-next-line no-control-regex
      .filter((t) => !/[^\x00-\x7F]/.test(t)).slice(0, 40);
    expect(passages.length).toBeGreaterThan(20);
    const texts = passages.flatMap((t) => [t, t.toUpperCase(), t.replace(/\b[a-z]/g, (c) => c.toUpperCase())]);
    const res = (builtinRules as { entries?: { res: RegExp[]; caseSensitive?: boolean }[] }[]).flatMap((r) => (r.entries ?? []).flatMap((e) => e.res));
    let twins = 0, found = 0;
    const diffs: string[] = [];
    for (const re of res) {
      for (const text of texts) {
        const run = runFor(re, text);
        if (run.re === re) continue;
        twins++;
        const want = spans(re, text);
        const got = spans(run.re, run.subject);
        found += want.length;
        if (want.join() !== got.join()) diffs.push(`${re.source.slice(0, 80)} on «${text.slice(0, 60)}»: ${want} vs ${got}`);
      }
    }
    expect(diffs).toEqual([]);
    expect(twins).toBeGreaterThan(res.length * texts.length * 0.9);
    expect(found).toBeGreaterThan(100);
  });
});
