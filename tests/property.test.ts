/**
 * Property-based tests (fast-check) over the engine:
 * - for any input (Markdown, HTML, plain text built from campaign words, markup, line endings,
 *   entities, quotes, emoji), linting does not throw, every finding lies inside the file, `actual`
 *   is exactly the file text at [offset, endOffset), and line/column agree with the offset;
 * - results do not depend on the order files are given in, nor on the number of worker threads;
 * - --shard i/n splits any file set into disjoint parts that cover it;
 * - the literal prefilter (src/prefilter.ts) never skips an expression that matches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, lintText, shardFiles } from '../src/engine.js';
import { literalPrefixes, mayMatch, prefilterText } from '../src/prefilter.js';
import { builtinRules } from '../rules/index.js';
import type { FileResult, Finding } from '../src/types.js';

const WORDS = [
  'Traffickers are evil monsters', 'hiding in plain sight', 'illegal immigrants', 'sex slaves', 'kiddie porn',
  'wrists bound in chains', 'She should have known better', 'a child is sold every 30 seconds', 'the chairman',
  'crazy', 'prostitutes', 'Anyone can be exploited', 'forced labour on farms', 'call the helpline', 'not', 'no one',
  'According to the ILO (2022),', '27.6 million people', 'survivors', 'we rescue them', 'the phrase', 'boys and men',
];
const MARKUP = [
  ' ', ' ', ' ', '. ', ', ', '\n', '\n\n', '\r\n', '\r', '\t', '# ', '## ', '> ', '- ', '1. ', '* ', '_', '**', '`', '```\n',
  '[', '](https://example.org)', '![', '](img.png)', '&amp;', '&#x41;', '&nbsp;', '\\*', '<div>', '</div>', '<p>', '</p>',
  '<img alt="girl in chains" src="a.png">', '<!-- campaign-lint-disable -->', '<!-- campaign-lint-enable -->', '"', '“', '”', "'", '’',
  '👩🏽', 'é', 'e\u0301', '---\ntitle: "Evil monsters"\n---\n', '| a | b |\n| --- | --- |\n| sex slaves | x |\n', '[^1]', '\n[^1]: ILO 2022\n',
];
const piece = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 6 }));
const doc = fc.array(piece, { minLength: 0, maxLength: 60 }).map((a) => a.join(''));

/** 1-based line and column of an offset, counting \r\n, \r and \n as line breaks (OUTPUT.md). */
function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) { line++; start = i + 1; }
  }
  return { line, column: offset - start + 1 };
}

function checkFindings(text: string, r: FileResult) {
  for (const m of r.messages) {
    if (m.fatal) { expect(m.message).not.toMatch(/\n/); continue; }
    expect(m.offset).toBeGreaterThanOrEqual(0);
    expect(m.endOffset).toBeGreaterThanOrEqual(m.offset);
    expect(m.endOffset).toBeLessThanOrEqual(text.length);
    if (m.actual !== undefined) expect(text.slice(m.offset, m.endOffset)).toBe(m.actual);
    expect({ line: m.line, column: m.column }).toEqual(locate(text, m.offset));
    expect({ line: m.endLine, column: m.endColumn }).toEqual(locate(text, m.endOffset));
  }
}

describe('any input: no crash, positions inside the file, actual = text at the offsets', () => {
  for (const ext of ['md', 'html', 'txt']) {
    it(`.${ext}`, async () => {
      let findings = 0;
      await fc.assert(fc.asyncProperty(doc, async (text) => {
        const r = await lintText(text, { filePath: `input.${ext}`, config: {} });
        findings += r.messages.filter((m) => m.actual !== undefined).length;
        // the text as decoded (a BOM, if any, is part of the source positions)
        checkFindings(r.source ?? text, r);
      }), { numRuns: ext === 'md' ? 150 : 80 });
      expect(findings, 'the generated documents do produce findings to check').toBeGreaterThan(20);
    }, 300000);
  }
});

describe('results independent of file order and worker count', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-prop-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  let run = 0;
  const strip = (rs: FileResult[]) => rs.map((r) => ({ filePath: r.filePath, messages: r.messages.map((m: Finding) => ({ ...m })) }));

  it('same results in any order, in-process or with 2 or 3 workers', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(doc, fc.constantFrom('md', 'html', 'txt')), { minLength: 2, maxLength: 7 }),
      fc.integer({ min: 0, max: 1000 }),
      async (docs, seed) => {
        const d = path.join(root, `r${run++}`);
        fs.mkdirSync(d);
        const paths = docs.map(([t, ext], i) => { const p = path.join(d, `f${i}.${ext}`); fs.writeFileSync(p, t); return p; });
        const base = await lintFiles([d], { cwd: d, concurrency: 'off', config: {} });
        // a shuffled explicit file list gives the same result per file
        const shuffled = [...paths].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (seed % 2 ? a.localeCompare(b) : b.localeCompare(a)));
        const reordered = await lintFiles(shuffled, { cwd: d, concurrency: 'off', config: {} });
        const byPath = (rs: FileResult[]) => new Map(strip(rs).map((r) => [r.filePath, r.messages]));
        expect(byPath(reordered)).toEqual(byPath(base));
        // worker count changes nothing, not even the order of the results
        for (const concurrency of [2, 3]) {
          const pooled = await lintFiles([d], { cwd: d, concurrency, config: {} });
          expect(strip(pooled)).toEqual(strip(base));
        }
      }), { numRuns: 4 });
  }, 600000);
});

describe('--shard', () => {
  it('shards are disjoint and together cover every file', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6}){0,2}\.md$/), { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (names, n) => {
      const files = names.map((x) => ({ path: path.join('/repo', x) }));
      const parts = Array.from({ length: n }, (_, i) => shardFiles(files, { index: i + 1, count: n }, '/repo'));
      const seen = parts.flat().map((f) => f.path).sort();
      expect(seen).toEqual(files.map((f) => f.path).sort());
      expect(new Set(seen).size).toBe(seen.length);
      // balanced: sizes differ by at most one
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      // deterministic whatever the order the files were found in
      const again = shardFiles([...files].reverse(), { index: 1, count: n }, '/repo').map((f) => f.path).sort();
      expect(again).toEqual(parts[0]!.map((f) => f.path).sort());
    }));
  });
});

describe('the literal prefilter never skips a match', () => {
  it('filters by a rare word later in the pattern when the pattern starts with common words', () => {
    expect(literalPrefixes(/(?:the|our|a) (?:\w+ )?(?:rescued|freed)/giu)).toEqual(['freed', 'rescued']);
    // a positive lookbehind reads the text too; a negative one tells nothing
    expect(literalPrefixes(/(?<=traffickers are )(?:\w+ )?animals/giu)).toEqual(['trafficker']); // cut to ten characters: still in every match
    expect(literalPrefixes(/(?<!not )\w+ monsters/giu)).toEqual([' monsters']);
    // optional and repeated parts: only what every match must contain
    expect(literalPrefixes(/(?:very )?(?:bad|evil)+ men/giu)).toEqual([' men']);
    expect(literalPrefixes(/(?:very )?(?:bad|evil)+ m/giu)).toEqual(['bad', 'evil']);
    expect(literalPrefixes(/\w+\s(?:a|b)/giu)).toBeNull();
  });

  const regexes = (builtinRules as { entries?: { res: RegExp[] }[] }[]).flatMap((r) => (r.entries ?? []).flatMap((e) => e.res));
  it('on strings built from the expressions\' own words', () => {
    expect(regexes.length).toBeGreaterThan(50);
    // single words and whole literal runs ("sold for sex"), so that some generated strings do match
    const words = [...new Set(regexes.flatMap((re) => [...(re.source.match(/[A-Za-z']{2,}/g) ?? []), ...(re.source.match(/[A-Za-z' ]{6,}/g) ?? []).map((w) => w.trim())]))];
    const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', ' ', ', ', '-', "'", '’', 'ſ', 'K', '\n'), fc.string({ maxLength: 3 })), { maxLength: 25 })
      .chain((parts) => fc.constantFrom(parts.join(''), parts.join('').toUpperCase(), parts.join(' ')));
    let matched = 0;
    fc.assert(fc.property(text, (s) => {
      const lower = prefilterText(s);
      for (const re of regexes) {
        re.lastIndex = 0;
        if (re.test(s)) { matched++; expect(mayMatch(re, lower), `${re} on ${JSON.stringify(s)}`).toBe(true); }
        re.lastIndex = 0;
      }
    }), { numRuns: 400 });
    expect(matched, 'the generated strings do match some expressions').toBeGreaterThan(5);
  });

  it('on every paragraph of the fixtures and rule docs, as written, upper-cased and with ſ for s', () => {
    const texts: string[] = [];
    const walk = (d: string) => { for (const n of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, n.name); if (n.isDirectory()) walk(p); else if (/\.(md|html|txt)$/.test(n.name)) texts.push(...fs.readFileSync(p, 'utf8').split(/\n\s*\n/)); } };
    walk(path.resolve(__dirname, '../fixtures'));
    walk(path.resolve(__dirname, '../rules'));
    // and every passage of our own labelled corpora
    const dev = path.resolve(__dirname, '../fixtures/dev');
    for (const f of fs.readdirSync(dev)) if (f.endsWith('.jsonl')) for (const line of fs.readFileSync(path.join(dev, f), 'utf8').split('\n')) if (line.trim()) texts.push(String(JSON.parse(line).text ?? ''));
    let matched = 0;
    for (const t of texts) for (const s of [t, t.toUpperCase(), t.replace(/s/g, 'ſ')]) {
      const lower = prefilterText(s);
      for (const re of regexes) {
        re.lastIndex = 0;
        if (re.test(s)) { matched++; expect(mayMatch(re, lower), `${re} on ${JSON.stringify(s.slice(0, 200))}`).toBe(true); }
        re.lastIndex = 0;
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});

describe('the equality prefilter on raw text never skips what the tree filter lets through', () => {
  it('on strings built from retext-equality\'s own phrases, and on every fixture paragraph', async () => {
    const { equalityFilter } = await import('../src/equality-filter.js');
    const { ParseEnglish } = await import('parse-english');
    const data = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../rules/data/equality.json'), 'utf8'));
    const filter = equalityFilter(data.ignoreRules, data.ignorePhrases);
    const parser = new ParseEnglish();
    const main = (await import('node:module')).createRequire(import.meta.url).resolve('retext-equality');
    const { patterns } = await import(path.join(path.dirname(main), 'patterns-en.js'));
    const words = [...new Set((patterns as { inconsiderate: Record<string, string> }[]).flatMap((p) => Object.keys(p.inconsiderate).flatMap((k) => k.split(' '))))].filter((w) => w !== '*');
    let through = 0;
    const check = (s: string) => {
      const tree = parser.parse(s);
      if (filter.mayMatch(tree as never)) { through++; expect(filter.mayMatchText(s), JSON.stringify(s)).toBe(true); }
    };
    const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', ' ', '-', "'", '’', '.', ',', 'A', '&', '/', 'é', '\n', '7', '10', '_', '\t', '\u00a0'), fc.string({ maxLength: 3 })), { maxLength: 12 })
      .chain((parts) => fc.constantFrom(parts.join(''), parts.join(' '), parts.join(' ').toUpperCase(), parts.join('-')));
    fc.assert(fc.property(text, (s) => { check(s); }), { numRuns: 4000 });
    const walk = (d: string) => { for (const n of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, n.name); if (n.isDirectory()) walk(p); else if (/\.(md|html|txt)$/.test(n.name)) fs.readFileSync(p, 'utf8').split(/\n\s*\n/).forEach(check); } };
    walk(path.resolve(__dirname, '../fixtures'));
    expect(through).toBeGreaterThan(200);
  });
});

describe('Markdown: parsing with only the extensions the text can use gives the same tree as full GFM', () => {
  it('on generated Markdown and on every fixture file', async () => {
    const { parseGfm } = await import('../src/parse/markdown.js');
    const { unified } = await import('unified');
    const remarkParse = (await import('remark-parse')).default;
    const remarkGfm = (await import('remark-gfm')).default;
    const remarkFrontmatter = (await import('remark-frontmatter')).default;
    const full = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
    const same = (s: string) => expect(JSON.stringify(parseGfm(s)), JSON.stringify(s)).toBe(JSON.stringify(full.parse(s)));
    const piece = fc.constantFrom('www.example.org', 'https://a.org/x', 'me@x.org', 'mailto:a@b.co', '[link](https://a.org)', '![www.a.org](p.png)', '![alt](b.png)',
      '`code www.x.org`', '<http://x.org>', '<b>@</b>', '~~gone~~', '~one~', '| a | b |\n| - | - |\n| 1 | 2 |', '[^1]', '[^1]: note www.x.org', '- [ ] task', '- [x] done',
      '*em*', '**strong**', '\\www.', 'WWW.X.ORG', 'x', ' ', '\n', '\n\n', '> ', '# ', ':', '/', '.', '@', '---\ntitle: a\n---\n', '&amp;', '&#64;', 'word',
      '|', 'a | b', '|-|', '[ ]', '[X]', '* [\t] t', '~', '[^', '[^x]: y', '\uFEFF', '---', '- ', '1. ', '    ');
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }), (parts) => { same(parts.join('')); }), { numRuns: 1500 });
    const walk = (d: string) => { for (const n of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, n.name); if (n.isDirectory()) walk(p); else if (n.name.endsWith('.md')) same(fs.readFileSync(p, 'utf8')); } };
    walk(path.resolve(__dirname, '../fixtures'));
  });
});

describe('equality: searching only the phrases whose first word occurs gives the same messages', () => {
  it('on strings built from retext-equality\'s own phrases', async () => {
    const { equalityFilter } = await import('../src/equality-filter.js');
    const { ParseEnglish } = await import('parse-english');
    const { unified } = await import('unified');
    const retextEquality = (await import('retext-equality')).default;
    const { VFile } = await import('vfile');
    const data = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../rules/data/equality.json'), 'utf8'));
    const filter = equalityFilter(data.ignoreRules, data.ignorePhrases);
    const base = [...data.ignorePhrases, ...filter.ignorePhrases];
    const full = unified().use(retextEquality, { ignore: base }).freeze();
    const parser = new ParseEnglish();
    const words = [...new Set(filter.searchedPhrases.flatMap((k) => k.split(' ')))];
    const run = async (p: typeof full, s: string) => { const f = new VFile({ value: s }); await p.run(parser.parse(s) as never, f); return f.messages.map((m) => `${m.ruleId}@${m.place && 'start' in m.place ? m.place.start.offset : ''}`).sort(); };
    const text = fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', ' ', '. ', ', ', "'s", 'The', 'A')), { minLength: 1, maxLength: 10 }).map((p) => p.join(' '));
    let compared = 0;
    await fc.assert(fc.asyncProperty(text, async (s) => {
      const rel = filter.relevantPhrases(parser.parse(s) as never);
      if (!rel || rel.length === 0) return;
      const keep = new Set(rel);
      const narrow = unified().use(retextEquality, { ignore: [...base, ...filter.searchedPhrases.filter((x) => !keep.has(x))] }).freeze();
      compared++;
      expect(await run(narrow, s), s).toEqual(await run(full, s));
    }), { numRuns: 150 });
    expect(compared).toBeGreaterThan(50);
  });
});
