/**
 * The built CLI, spawned as a user would run it (`npm test` builds first): exit codes, the JSON
 * contract (../shared/OUTPUT.md), stylish output and colour, --output, --quiet, --max-warnings,
 * --stdin, --list-rules, --explain, and one-line errors (never a stack trace) for a mistyped rule id,
 * a binary file and a missing path. Also the worked plugin example.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/campaign-lint.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-cli-'));

interface Run { code: number; stdout: string; stderr: string }
function run(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CAMPAIGN_LINT_DEBUG']) if (!(opts.env && k in opts.env)) delete env[k];
  // one worker keeps the spawned runs light on a small machine
  const r = spawnSync(process.execPath, [bin, '--concurrency', 'off', ...args], { cwd: opts.cwd ?? tmp, env, input: opts.input ?? '', encoding: 'utf8', timeout: 120000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const noStack = (r: Run) => {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
};

const CLEAN = 'Forced labour happens on farms and in kitchens near you. Call the helpline on 08000 121 700 if a job offer asks for your passport.\n';
const WARN_ONLY = 'Our chairman opened the meeting about forced labour on local farms. Call 08000 121 700 for help.\n';
const WITH_ERROR = 'Police found three child prostitutes in the motel. Call 08000 121 700 for help.\n';

beforeAll(() => {
  expect(fs.existsSync(path.join(root, 'dist/src/cli.js')), 'build first: npm run build').toBe(true);
  fs.mkdirSync(path.join(tmp, '.git'));
  fs.mkdirSync(path.join(tmp, 'site'));
  fs.writeFileSync(path.join(tmp, 'site/clean.md'), CLEAN);
  fs.writeFileSync(path.join(tmp, 'site/warn.md'), WARN_ONLY);
  fs.writeFileSync(path.join(tmp, 'site/error.txt'), WITH_ERROR);
  fs.writeFileSync(path.join(tmp, 'site/page.html'), `<!doctype html><html><body><p>${WARN_ONLY}</p><img src="a.jpg" alt="The chairman at a farm"></body></html>\n`);
  fs.writeFileSync(path.join(tmp, 'site/notes.csv'), 'not,linted\n');
  fs.writeFileSync(path.join(tmp, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('exit codes', () => {
  it('0 when clean', () => {
    const r = run(['site/clean.md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 file checked, no problems found/);
  });
  it('0 with warnings only; 1 with an error-level finding', () => {
    expect(run(['site/warn.md']).code).toBe(0);
    expect(run(['site/error.txt']).code).toBe(1);
  });
  it('2 for a usage error, in one line', () => {
    const r = run(['--format', 'nope', 'site/clean.md']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown format "nope"/);
    expect(run(['--no-such-option']).code).toBe(2);
  });
});

describe('--format json (OUTPUT.md)', () => {
  it('lists every file linted, clean ones included, with the contract fields', () => {
    const r = run(['--format', 'json', 'site']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out.map((f) => path.basename(String(f.filePath))).sort()).toEqual(['clean.md', 'error.txt', 'page.html', 'warn.md']);
    for (const f of out) {
      expect(path.isAbsolute(String(f.filePath))).toBe(true);
      expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['errorCount', 'fatalErrorCount', 'filePath', 'infoCount', 'messages', 'warningCount']));
      const msgs = f.messages as Record<string, unknown>[];
      expect(f.errorCount).toBe(msgs.filter((m) => m.severity === 2).length);
      expect(f.warningCount).toBe(msgs.filter((m) => m.severity === 1).length);
      expect(f.infoCount).toBe(msgs.filter((m) => m.severity === 0).length);
      const text = fs.readFileSync(String(f.filePath), 'utf8');
      for (const m of msgs) {
        expect(typeof m.ruleId).toBe('string');
        expect([0, 1, 2]).toContain(m.severity);
        for (const k of ['line', 'column', 'endLine', 'endColumn', 'offset', 'endOffset']) expect(Number.isInteger(m[k]), k).toBe(true);
        expect(typeof m.message).toBe('string');
        expect(Array.isArray(m.suggestions)).toBe(true);
        expect(typeof m.principle).toBe('string');
        expect(String(m.url)).toMatch(/^https?:\/\/.*\.md$/);
        expect(typeof m.source).toBe('string');
        if (m.actual !== undefined) expect(text.slice(Number(m.offset), Number(m.endOffset))).toBe(m.actual);
      }
    }
    const clean = out.find((f) => String(f.filePath).endsWith('clean.md'))!;
    expect(clean.messages).toEqual([]);
    const err = out.find((f) => String(f.filePath).endsWith('error.txt'))!;
    const m = (err.messages as Record<string, unknown>[]).find((x) => x.ruleId === 'dehumanizing-label')!;
    expect(m).toMatchObject({ severity: 2, line: 1, column: 20, actual: 'child prostitutes', source: 'text' });
    expect((m.suggestions as { replacement?: string }[])[0]!.replacement).toBe('children who were sexually exploited');
    const page = out.find((f) => String(f.filePath).endsWith('page.html'))!;
    expect((page.messages as Record<string, unknown>[]).map((x) => `${x.ruleId}:${x.source}`)).toEqual(expect.arrayContaining(['equality:text', 'equality:alt']));
  });
});

describe('stylish output', () => {
  it('no colour when piped or with NO_COLOR; colour with FORCE_COLOR', () => {
    const plain = run(['site/warn.md']);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    expect(plain.stdout).toMatch(/site[\\/]warn\.md\n\s+1:5\s+warning\s+.*chairman.*equality/);
    expect(plain.stdout).toMatch(/\n\s+→ .*“chair”/);
    expect(plain.stdout).toMatch(/1 problem \(0 errors, 1 warning\) in 1 file/);
    expect(run(['site/warn.md'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(run(['site/warn.md'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[/);
  });
});

describe('options', () => {
  it('--output writes the report to a file and nothing to stdout', () => {
    const file = path.join(tmp, 'out/report.json');
    const r = run(['--format', 'json', '--output', file, 'site/warn.md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))[0].messages[0].ruleId).toBe('equality');
  });

  it('--quiet reports errors only', () => {
    const r = run(['--quiet', '--format', 'json', 'site']);
    const out = JSON.parse(r.stdout) as { messages: { severity: number }[] }[];
    expect(out.flatMap((f) => f.messages).every((m) => m.severity === 2)).toBe(true);
    expect(out.flatMap((f) => f.messages).length).toBeGreaterThan(0);
  });

  it('--max-warnings N turns too many warnings into exit 1', () => {
    const over = run(['--max-warnings', '0', 'site/warn.md']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/more than --max-warnings 0/);
    expect(run(['--max-warnings', '5', 'site/warn.md']).code).toBe(0);
    expect(run(['--max-warnings', 'lots', 'site/warn.md']).code).toBe(2);
  });

  it('--stdin with --stdin-filename picks the format from the name', () => {
    const r = run(['--stdin', '--stdin-filename', 'post.html', '--format', 'json'], { input: '<p>Hi</p><img src="x.png" alt="Our chairman">' });
    const [f] = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; source: string }[] }[];
    expect(path.basename(f!.filePath)).toBe('post.html');
    expect(f!.messages.map((m) => `${m.ruleId}:${m.source}`)).toContain('equality:alt');
    const md = run(['--stdin', '--format', 'json'], { input: WITH_ERROR });
    expect(md.code).toBe(1);
  });

  it('--list-rules shows each rule with its severity and principle', () => {
    const r = run(['--list-rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^equality\s+warn\s+.*People-first, respectful language/m);
    expect(r.stdout).toMatch(/^dehumanizing-label\s+warn\s+.*People-first language/m);
  });

  it('--explain prints the rule doc; an unknown rule is a one-line error', () => {
    const r = run(['--explain', 'dehumanizing-label']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# dehumanizing-label/);
    expect(r.stdout).toContain('Luxembourg');
    const bad = run(['--explain', 'dehumanising-label']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--list-rules/);
  });
});

describe('newcomer mistakes: one line that says what to do, never a stack trace', () => {
  it('a mistyped rule id in the config', () => {
    const dir = path.join(tmp, 'typo');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.campaignlintrc.json'), JSON.stringify({ rules: { 'dehumanising-label': 'error' } }));
    fs.writeFileSync(path.join(dir, 'a.md'), CLEAN);
    const r = run(['a.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\.campaignlintrc\.json: unknown rule "dehumanising-label" in "rules"\. Did you mean "dehumanizing-label"\?/);
    noStack(r);
  });

  it('a binary file', () => {
    const r = run(['binary.txt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/binary\.txt\n\s+1:1\s+error\s+This looks like a binary file, not text\. .*\s+fatal\n/);
    noStack(r);
  });

  it('a missing path', () => {
    const r = run(['no/such/file.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/No such file or folder\. Check the path and try again\./);
    noStack(r);
    const json = JSON.parse(run(['--format', 'json', 'no/such/file.md']).stdout);
    expect(json[0].messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
  });

  it('an unsupported file named explicitly gets a fatal finding; met while walking it is skipped', () => {
    const r = run(['--format', 'json', 'site/notes.csv']);
    expect(JSON.parse(r.stdout)[0].messages[0].message).toMatch(/cannot read "\.csv" files/);
    const walked = JSON.parse(run(['--format', 'json', 'site']).stdout) as { filePath: string }[];
    expect(walked.some((f) => f.filePath.endsWith('.csv'))).toBe(false);
    const glob = JSON.parse(run(['--format', 'json', 'site/*.csv']).stdout) as { messages: { message: string }[] }[];
    expect(glob[0]!.messages[0]!.message).toMatch(/matches only files campaign-lint cannot read\. Supported: .*\.md/);
  });
});

describe('the worked plugin example (fixtures/plugin-example)', () => {
  const cwd = path.join(root, 'fixtures/plugin-example');
  it('loads by relative path from the config and reports', () => {
    const r = run(['--format', 'json', 'appeal.md'], { cwd });
    expect(r.stderr).toBe('');
    const [f] = JSON.parse(r.stdout) as { messages: { ruleId: string; actual: string; severity: number }[] }[];
    const mine = f!.messages.filter((m) => m.ruleId === 'fundraising/no-guilt-trip');
    expect(mine.map((m) => m.actual)).toEqual(['Her future is in your hands', "If you don't give"]);
    expect(mine.every((m) => m.severity === 2)).toBe(true);
    expect(r.code).toBe(1);
  });
  it('is listed by --list-rules', () => {
    expect(run(['--list-rules'], { cwd }).stdout).toMatch(/^fundraising\/no-guilt-trip\s+error/m);
  });
});

describe('a reader that stops early', () => {
  it('closing the pipe (`campaign-lint fixtures | head -1`) ends the run quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, '--concurrency', 'off', path.join(root, 'fixtures')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(code === 0 || code === 1).toBe(true);
  }, 120000);
});
