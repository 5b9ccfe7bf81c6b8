/**
 * Configuration: discovery upward from the linted files, every file kind, --config, extends,
 * rule severities and options, allow, overrides by glob, ignores, and errors that name the file and key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { ConfigError, resolveConfig } from '../src/config.js';
import type { FileResult, Rule } from '../src/types.js';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-config-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** A sentence that triggers both built-in rules: dehumanizing-label («illegals», warning) and equality («chairman», warning). */
const TEXT = 'Our chairman said the factory used illegals.\n';

let n = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(tmpRoot, `p${n++}`);
  // a .git folder stops ignore-file discovery at the project root, as in a real repository
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function lint(dir: string, args: string[] = ['.'], extra: Record<string, unknown> = {}): Promise<FileResult[]> {
  return lintFiles(args, { cwd: dir, ...extra });
}
// only the two foundation rules: other rules come and go without changing what these tests mean
const rulesOf = (r: FileResult) => r.messages.filter((m) => m.ruleId === 'equality' || m.ruleId === 'dehumanizing-label').map((m) => `${m.ruleId}:${m.severity}`).sort();
const byName = (rs: FileResult[]) => Object.fromEntries(rs.map((r) => [path.basename(r.filePath), rulesOf(r)]));

async function configError(dir: string, args: string[] = ['.'], extra: Record<string, unknown> = {}): Promise<string> {
  try {
    await lint(dir, args, extra);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const msg = (e as Error).message;
    expect(msg.includes('\n'), 'a config error is one line').toBe(false);
    return msg;
  }
  throw new Error('expected a config error');
}

describe('discovery', () => {
  it('without a config, the recommended preset applies', async () => {
    const dir = project({ 'a.md': TEXT });
    expect(byName(await lint(dir))).toEqual({ 'a.md': ['dehumanizing-label:1', 'equality:1'] });
  });

  for (const [file, content] of [
    ['campaign-lint.config.json', JSON.stringify({ rules: { equality: 'off' } })],
    ['.campaignlintrc.json', JSON.stringify({ rules: { equality: 'off' } })],
    ['campaign-lint.config.mjs', 'export default { rules: { equality: "off" } };\n'],
    ['campaign-lint.config.js', 'export default { rules: { equality: "off" } };\n'],
    ['package.json', JSON.stringify({ name: 'x', type: 'module', 'campaign-lint': { rules: { equality: 'off' } } })],
  ] as const) {
    it(`finds ${file} upward from the linted file`, async () => {
      const dir = project({ [file]: content, ...(file.endsWith('.js') ? { 'package.json': '{"type":"module"}' } : {}), 'docs/deep/a.md': TEXT });
      const res = await lint(dir, ['docs/deep/a.md']);
      expect(byName(res)).toEqual({ 'a.md': ['dehumanizing-label:1'] });
    });
  }

  it('uses the nearest config for each file', async () => {
    const dir = project({
      '.campaignlintrc.json': JSON.stringify({ rules: { equality: 'off' } }),
      'a.md': TEXT,
      'sub/.campaignlintrc.json': JSON.stringify({ rules: { 'dehumanizing-label': 'off' } }),
      'sub/b.md': TEXT,
    });
    expect(byName(await lint(dir))).toEqual({ 'a.md': ['dehumanizing-label:1'], 'b.md': ['equality:1'] });
  });

  it('--config overrides discovery (relative to the working folder)', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ rules: { equality: 'off' } }), 'other.json': JSON.stringify({ rules: { 'dehumanizing-label': 'error' } }), 'a.md': TEXT });
    expect(byName(await lint(dir, ['.'], { configFile: 'other.json' }))).toEqual({ 'a.md': ['dehumanizing-label:2', 'equality:1'] });
  });
});

describe('rules, presets and allow', () => {
  it('severities off|info|warn|error and [severity, options]', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ rules: { equality: 'info', 'dehumanizing-label': ['error', {}] } }), 'a.md': TEXT });
    expect(byName(await lint(dir))).toEqual({ 'a.md': ['dehumanizing-label:2', 'equality:0'] });
  });

  it('extends recommended and strict; strict turns on strict-only rules unless set explicitly', () => {
    const mk = (id: string, extra: Partial<Rule['meta']>): Rule => ({ meta: { id, description: 'd', principle: 'p', severity: 'warn', scope: 'segment', recommended: true, ...extra }, check() {} });
    const rules = [mk('always', {}), mk('strict-only', { strictOnly: true, severity: 'info' }), mk('not-recommended', { recommended: false })];
    const rec = resolveConfig({ extends: 'recommended' }, '/x/.campaignlintrc.json', rules);
    expect(rec.strict).toBe(false);
    expect(Object.fromEntries(Object.entries(rec.ruleSettings).map(([k, v]) => [k, v.severity]))).toEqual({ always: 'warn', 'strict-only': 'off', 'not-recommended': 'off' });
    const strict = resolveConfig({ extends: ['campaign-lint:strict'] }, '/x/.campaignlintrc.json', rules);
    expect(strict.strict).toBe(true);
    expect(Object.fromEntries(Object.entries(strict.ruleSettings).map(([k, v]) => [k, v.severity]))).toEqual({ always: 'warn', 'strict-only': 'info', 'not-recommended': 'warn' });
    const explicit = resolveConfig({ rules: { 'strict-only': 'error' } }, undefined, rules);
    expect(explicit.ruleSettings['strict-only']).toEqual({ severity: 'error', options: {}, explicit: true });
  });

  it('--rule id:severity on the command line wins over the config', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ rules: { equality: 'off' } }), 'a.md': TEXT });
    expect(byName(await lint(dir, ['.'], { cliRules: { equality: 'error' } }))).toEqual({ 'a.md': ['dehumanizing-label:1', 'equality:2'] });
  });

  it('allow accepts terms the project has chosen', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ allow: ['chairman', 'ILLEGALS'] }), 'a.md': TEXT });
    expect(byName(await lint(dir))).toEqual({ 'a.md': [] });
  });

  it('overrides by glob, relative to the config folder; later overrides win', async () => {
    const dir = project({
      '.campaignlintrc.json': JSON.stringify({
        overrides: [
          { files: 'press/**/*.md', rules: { equality: 'off' } },
          { files: ['*.txt'], rules: { 'dehumanizing-label': 'error' }, allow: ['chairman'] },
          { files: 'press/old/*.md', rules: { equality: 'info' } },
        ],
      }),
      'press/a.md': TEXT,
      'press/old/b.md': TEXT,
      'social/c.txt': TEXT,
      'd.md': TEXT,
    });
    expect(byName(await lint(dir))).toEqual({
      'a.md': ['dehumanizing-label:1'],
      'b.md': ['dehumanizing-label:1', 'equality:0'],
      'c.txt': ['dehumanizing-label:2'],
      'd.md': ['dehumanizing-label:1', 'equality:1'],
    });
  });

  it('ignores, .campaignlintignore and .gitignore skip files while walking', async () => {
    const dir = project({
      '.campaignlintrc.json': JSON.stringify({ ignores: ['drafts/**'] }),
      '.campaignlintignore': 'archive/\n',
      '.gitignore': 'build/\n',
      'drafts/a.md': TEXT, 'archive/b.md': TEXT, 'build/c.md': TEXT, 'keep/d.md': TEXT,
    });
    expect((await lint(dir)).map((r) => path.relative(dir, r.filePath))).toEqual([path.join('keep', 'd.md')]);
  });
});

describe('config errors name the file and the key', () => {
  it('an unknown rule id, with a suggestion', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ rules: { 'dehumanising-label': 'warn' } }), 'a.md': TEXT });
    const msg = await configError(dir);
    expect(msg).toContain('.campaignlintrc.json');
    expect(msg).toContain('"dehumanising-label"');
    expect(msg).toContain('dehumanizing-label');
    expect(msg).toContain('--list-rules');
  });

  it('a bad severity', async () => {
    const dir = project({ '.campaignlintrc.json': JSON.stringify({ rules: { equality: 'warning!' } }), 'a.md': TEXT });
    const msg = await configError(dir);
    expect(msg).toContain('.campaignlintrc.json');
    expect(msg).toContain('rules.equality');
    expect(msg).toMatch(/off.*info.*warn.*error/);
  });

  it('an unknown key, top level and inside overrides', async () => {
    const top = await configError(project({ '.campaignlintrc.json': JSON.stringify({ rule: {} }), 'a.md': TEXT }));
    expect(top).toMatch(/\.campaignlintrc\.json: unknown key "rule"/);
    const inner = await configError(project({ 'campaign-lint.config.json': JSON.stringify({ overrides: [{ files: '*.md', rulez: {} }] }), 'a.md': TEXT }));
    expect(inner).toMatch(/campaign-lint\.config\.json: unknown key "rulez" in "overrides\.0"/);
  });

  it('an unknown rule inside overrides', async () => {
    const msg = await configError(project({ '.campaignlintrc.json': JSON.stringify({ overrides: [{ files: '*.md', rules: { nope: 'off' } }] }), 'a.md': TEXT }));
    expect(msg).toContain('"nope"');
    expect(msg).toContain('overrides[0].rules');
  });

  it('a bad extends', async () => {
    const msg = await configError(project({ '.campaignlintrc.json': JSON.stringify({ extends: 'eslint:recommended' }), 'a.md': TEXT }));
    expect(msg).toMatch(/\.campaignlintrc\.json: "extends" must be "recommended" or "strict"/);
  });

  it('invalid JSON', async () => {
    const msg = await configError(project({ '.campaignlintrc.json': '{ "rules": { "equality": "off", } ', 'a.md': TEXT }));
    expect(msg).toMatch(/\.campaignlintrc\.json: not valid JSON/);
  });

  it('a JavaScript config that throws', async () => {
    const msg = await configError(project({ 'campaign-lint.config.mjs': 'throw new Error("boom");\n', 'a.md': TEXT }));
    expect(msg).toContain('campaign-lint.config.mjs');
    expect(msg).toContain('boom');
  });

  it('a missing --config file', async () => {
    const msg = await configError(project({ 'a.md': TEXT }), ['.'], { configFile: 'nope.json' });
    expect(msg).toMatch(/nope\.json: config file not found/);
  });

  it('an unknown rule in --rule', async () => {
    const msg = await configError(project({ 'a.md': TEXT }), ['.'], { cliRules: { equalty: 'off' } });
    expect(msg).toContain('--rule');
    expect(msg).toContain('"equalty"');
  });
});
