/**
 * The programmatic API, used the way an outside project uses it: a scratch project whose
 * node_modules/campaign-lint points at this package, importing from the package root
 * ('campaign-lint', through package.json "exports") in plain Node, and type-checking a TypeScript
 * consumer against the published declarations (dist/src/index.d.ts). Needs the build (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
let project: string;

const CONSUMER_JS = `
import { lintText, lintFiles, formatters, formatSarif, builtinRules, applyFixes } from 'campaign-lint';
import path from 'node:path';

const out = {};
const text = '# Poster\\n\\nThey were sold as sex slaves across the border.\\n';
const one = await lintText(text, { filePath: 'poster.md', config: { rules: { 'dehumanizing-label': 'error' } } });
out.lintText = { filePath: path.basename(one.filePath), messages: one.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, actual: m.actual, fix: m.fix })), errorCount: one.errorCount };
out.fixed = applyFixes(text, one.messages).output;

const files = await lintFiles(['docs'], { cwd: process.cwd() });
out.lintFiles = files.map((r) => ({ file: path.relative(process.cwd(), r.filePath), rules: r.messages.map((m) => m.ruleId) }));

out.formats = Object.keys(formatters).sort();
out.sarifVersion = JSON.parse(formatSarif(files, { cwd: process.cwd() })).version;
out.json = JSON.parse(await formatters.json(files, { color: 0, cwd: process.cwd(), showInfo: false, rules: new Map() }))[0].filePath === files[0].filePath;
out.rules = builtinRules.length;
console.log(JSON.stringify(out));
`;

const PLUGIN_TS = `
import type { Rule, RuleContext } from 'campaign-lint';

/** A plugin rule written against the published types: flags "hype". */
export const noHype: Rule = {
  meta: { id: 'acme/no-hype', description: 'Flags the word hype.', principle: 'Plain words', severity: 'warn', scope: 'segment', recommended: true },
  check(ctx: RuleContext) {
    for (const seg of ctx.doc.segments) {
      const i = seg.text.toLowerCase().indexOf('hype');
      if (i >= 0) ctx.report({ segment: seg, start: i, end: i + 4, message: 'Say what happened instead of “hype”.', suggestions: [{ desc: 'Describe it', replacement: 'news' }], fix: 'news' });
    }
  },
};
export const rules: Rule[] = [noHype];
`;

const CONSUMER_TS = `
import { lintText, lintFiles, formatters, toSarif, type FileResult, type Finding, type UserConfig, type Formatter, type EngineOptions } from 'campaign-lint';
import { rules } from './plugin.js';

const config: UserConfig = { plugins: ['./plugin.js'], rules: { 'acme/no-hype': 'error' } };
const options: EngineOptions = { cwd: '.', config };
const result: FileResult = await lintText('No hype here.', { filePath: 'a.md', config });
const first: Finding | undefined = result.messages[0];
const line: number = first?.line ?? 0;
const all: FileResult[] = await lintFiles(['docs'], options);
const sarif = toSarif(all, { cwd: '.' });
const level: 'none' | 'note' | 'warning' | 'error' | undefined = sarif.runs[0]?.results?.[0]?.level;
const github: Formatter | undefined = formatters.github;
const n: number = rules.length;
// @ts-expect-error lintText needs a string
await lintText(42);
export { line, level, github, n };
`;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/src/index.js')) || !fs.existsSync(path.join(ROOT, 'dist/src/index.d.ts'))) {
    throw new Error('Build first: npx tsc -p . (npm test does this).');
  }
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-api-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(project, 'node_modules', 'campaign-lint'), 'dir');
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'acme-campaigns', private: true, type: 'module' }));
  fs.mkdirSync(path.join(project, 'docs'));
  fs.writeFileSync(path.join(project, 'docs', 'post.md'), '# Update\n\nOur volunteers heard the hype about addicts being sold as merchandise by traffickers.\n');
});
afterAll(() => { if (project) fs.rmSync(project, { recursive: true, force: true }); });

describe('the package API from outside', () => {
  it('the package root resolves through "exports" to the built module and its declarations', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.'].import).toBe('./dist/src/index.js');
    expect(pkg.exports['.'].types).toBe('./dist/src/index.d.ts');
    expect(pkg.types).toBe('./dist/src/index.d.ts');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', 'console.log(import.meta.resolve("campaign-lint"))'], { cwd: project, encoding: 'utf8' });
    expect(r.stdout.trim()).toMatch(/\/dist\/src\/index\.js$/);
  });

  it('lintText, lintFiles, applyFixes and the formatters work from plain Node', () => {
    fs.writeFileSync(path.join(project, 'consumer.mjs'), CONSUMER_JS);
    const r = spawnSync(process.execPath, ['consumer.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.lintText).toMatchObject({ filePath: 'poster.md', errorCount: 1 });
    expect(out.lintText.messages).toContainEqual(expect.objectContaining({ ruleId: 'dehumanizing-label', severity: 2, line: 3, column: 19, actual: 'sex slaves', fix: { range: [28, 38], text: 'people subjected to sex trafficking' } }));
    expect(out.fixed).toBe('# Poster\n\nThey were sold as people subjected to sex trafficking across the border.\n');
    expect(out.lintFiles).toEqual([expect.objectContaining({ file: path.join('docs', 'post.md') })]);
    expect(out.lintFiles[0].rules).toContain('dehumanizing-label');
    expect(out.formats).toEqual(expect.arrayContaining(['github', 'html', 'json', 'sarif', 'stylish']));
    expect(out.sarifVersion).toBe('2.1.0');
    expect(out.json).toBe(true);
    expect(out.rules).toBeGreaterThan(1);
  });

  it('a TypeScript project type-checks against the declarations, and its plugin rule runs', () => {
    fs.writeFileSync(path.join(project, 'plugin.ts'), PLUGIN_TS);
    fs.writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_TS);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', rootDir: '.', skipLibCheck: false, typeRoots: [path.join(ROOT, 'node_modules/@types')], types: ['node'] },
      files: ['consumer.ts', 'plugin.ts'],
    }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // the compiled plugin, loaded through the config's "plugins", reports and fixes like a built-in rule
    fs.copyFileSync(path.join(project, 'out', 'plugin.js'), path.join(project, 'plugin.js'));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { lintText } from 'campaign-lint';
      const r = await lintText('Ignore the hype.', { filePath: 'a.md', cwd: process.cwd(), config: { plugins: ['./plugin.js'], rules: { 'acme/no-hype': 'error' } } });
      console.log(JSON.stringify(r.messages.filter((m) => m.ruleId === 'acme/no-hype').map((m) => [m.severity, m.column, m.actual, m.fix && m.fix.text])));
    `], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([[2, 12, 'hype', 'news']]);
  });
});
