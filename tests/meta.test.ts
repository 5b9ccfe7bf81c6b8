/**
 * The project polices its own conventions: every registered rule has its doc (with executed
 * "Incorrect" and "Correct" examples), its fixtures and a principle; nothing stray exists without a
 * registered rule. Doc examples are fenced blocks whose info string names the format and the verdict:
 *
 *     ```md incorrect        ```md correct        (also html / txt)
 *
 * An "incorrect" example must produce at least one finding of the rule; a "correct" one none.
 * A rule whose input is binary (image metadata) marks its doc with <!-- examples: binary --> and
 * describes its Incorrect and Correct cases in words; its fixtures execute them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintText } from '../src/engine.js';
import equalityData from '../rules/data/equality.json' with { type: 'json' };

const root = path.resolve(__dirname, '..');
const ids = builtinRules.map((r) => r.meta.id);
const BINARY_EXAMPLES = /<!--\s*examples:\s*binary\s*-->/;
const EXT: Record<string, string> = { md: 'md', markdown: 'md', html: 'html', txt: 'txt', text: 'txt' };

export interface DocExample { format: string; verdict: 'incorrect' | 'correct'; code: string; line: number }

/** The executable examples in a rule doc. */
export function docExamples(markdown: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /^```(md|markdown|html|txt|text)[ \t]+(incorrect|correct)[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(markdown))) out.push({ format: EXT[m[1]!]!, verdict: m[2] as 'incorrect' | 'correct', code: m[3]!, line: markdown.slice(0, m.index).split('\n').length });
  return out;
}

describe('rule registry', () => {
  it('ids are unique, kebab-case and sorted', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('no stray rule files, docs or fixture folders without a registered rule', () => {
    const ruleFiles = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    const docs = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    const fixtureDirs = fs.existsSync(path.join(root, 'fixtures/rules')) ? fs.readdirSync(path.join(root, 'fixtures/rules')) : [];
    expect({ ruleFiles: ruleFiles.filter((f) => !ids.includes(f)), docs: docs.filter((f) => !ids.includes(f)), fixtureDirs: fixtureDirs.filter((f) => !ids.includes(f)) })
      .toEqual({ ruleFiles: [], docs: [], fixtureDirs: [] });
  });
});

for (const rule of builtinRules) {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    const docPath = path.join(root, 'rules', `${id}.md`);
    const doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8') : '';

    it('has its meta: description, a principle, a default severity', () => {
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(rule.meta.principle.trim().length, 'every rule must serve a stated principle').toBeGreaterThan(3);
      expect(['info', 'warn', 'error']).toContain(rule.meta.severity);
      expect(['segment', 'document']).toContain(rule.meta.scope);
    });

    it(`has rules/${id}.md with "Incorrect" and "Correct" examples`, () => {
      expect(doc, `rules/${id}.md is missing`).not.toBe('');
      expect(doc.startsWith(`# ${id}`), `rules/${id}.md must start with "# ${id}"`).toBe(true);
      const ex = docExamples(doc);
      if (BINARY_EXAMPLES.test(doc)) {
        // a rule about binary files (image metadata) cannot show its input in a text block: its doc says
        // so with <!-- examples: binary -->, describes Incorrect and Correct cases, and its fixtures run them
        expect(doc).toMatch(/\bIncorrect\b/);
        expect(doc).toMatch(/\bCorrect\b/);
        return;
      }
      expect(ex.filter((e) => e.verdict === 'incorrect').length, 'at least one ```md incorrect example').toBeGreaterThan(0);
      expect(ex.filter((e) => e.verdict === 'correct').length, 'at least one ```md correct example').toBeGreaterThan(0);
    });

    it(`has fixtures/rules/${id}/valid and invalid, each with a file`, () => {
      for (const kind of ['valid', 'invalid']) {
        const dir = path.join(root, 'fixtures/rules', id, kind);
        const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.') && !f.endsWith('.expect.json') && !f.endsWith('.config.json')) : [];
        expect(files.length, `fixtures/rules/${id}/${kind}/ needs at least one file`).toBeGreaterThan(0);
      }
    });

    for (const ex of docExamples(doc)) {
      it(`doc example at line ${ex.line} (${ex.verdict}) ${ex.verdict === 'incorrect' ? 'is reported' : 'stays silent'}`, async () => {
        // the rule is switched on explicitly so strict-only rules are exercised too
        const res = await lintText(ex.code, { filePath: `example.${ex.format}`, config: { extends: 'strict', rules: { [id]: 'warn' } }, cwd: root });
        expect(res.fatalErrorCount).toBe(0);
        const got = res.messages.filter((m) => m.ruleId === id).map((m) => `${m.line}:${m.column} «${m.actual ?? '(document)'}»`);
        if (ex.verdict === 'incorrect') expect(got.length, `rules/${id}.md line ${ex.line}: the "incorrect" example produced no ${id} finding:\n${ex.code}`).toBeGreaterThan(0);
        else expect(got, `rules/${id}.md line ${ex.line}: the "correct" example was flagged:\n${ex.code}`).toEqual([]);
      });
    }
  });
}

describe('README', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  it('starts with the two commands a newcomer needs, and CI runs the same test command', () => {
    const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].slice(0, 2).map((m) => m[1]!.trim());
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    expect(blocks[0]).toMatch(/^npm install && node bin\/campaign-lint\.js fixtures\/sample-campaign$/);
    expect(blocks[1]).toBe('npm test');
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8').trim().split('\n');
    expect(ci.some((l) => /^npm ci\b/.test(l)), '.ci/run installs with npm ci').toBe(true);
    expect(ci[ci.length - 1], '.ci/run ends with README\'s test command').toBe(blocks[1]);
  });
  it('lists every registered rule in its rule table, and no other', () => {
    const table = readme.slice(readme.indexOf('<!-- rules-table'), readme.indexOf('\n## ', readme.indexOf('<!-- rules-table')));
    const listed = [...table.matchAll(/^\| `([a-z0-9/-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...ids].sort());
  });
});

describe('rule data', () => {
  it('equality: every ignored retext-equality rule id exists (a misspelt id silently ignores nothing)', async () => {
    // retext-equality does not export its pattern list; read it from the installed package
    const lib = path.join(root, 'node_modules/retext-equality/lib/patterns-en.js');
    const { patterns } = (await import(lib)) as { patterns: { id: string }[] };
    const known = new Set(patterns.map((p) => p.id));
    expect(equalityData.ignoreRules.filter((x) => !known.has(x))).toEqual([]);
  });
});
