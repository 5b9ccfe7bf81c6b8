/**
 * --fix, --fix-dry-run, --init and the progress indicator.
 * The round-trip fixtures live in fixtures/fix/: `<name>.<ext>` is the input, `<name>.fixed.<ext>` what
 * --fix must make of it. The CLI tests run the built program (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { applyFixes, fixResults, unifiedDiff, writeFileAtomic } from '../src/fix.js';
import { registerFileFixer } from '../src/fixers.js';
import { existingConfig, INIT_FILE, parseAnswers, runInit, starterConfig } from '../src/init.js';
import { loadConfigFile, resolveConfig } from '../src/config.js';
import { builtinRules } from '../rules/index.js';
import { createProgress, progressEnabled } from '../src/progress.js';
import type { Finding } from '../src/types.js';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin/campaign-lint.js');
const FIXDIR = path.join(ROOT, 'fixtures/fix');
const tmpDirs: string[] = [];

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-fix-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => { while (tmpDirs.length) fs.rmSync(tmpDirs.pop()!, { recursive: true, force: true }); });

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const inputs = fs.readdirSync(FIXDIR).filter((f) => !f.includes('.fixed.') && !f.startsWith('.')).sort();
const expectedFor = (f: string) => f.replace(/(\.[^.]+)$/, '.fixed$1');

function copyInputs(dir: string): void {
  for (const f of inputs) fs.copyFileSync(path.join(FIXDIR, f), path.join(dir, f));
}

function finding(start: number, end: number, text: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId: 'r', severity: 1, message: 'm', line: 1, column: start + 1, endLine: 1, endColumn: end + 1, offset: start, endOffset: end, fix: { range: [start, end], text }, ...extra };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/src/cli.js'))) throw new Error('Build first: npx tsc -p . (npm test does this).');
});

describe('applyFixes', () => {
  it('applies non-overlapping fixes from the end of the text without shifting the others', () => {
    const text = 'the addicts and the sex slaves';
    const { output, applied, skipped } = applyFixes(text, [finding(20, 30, 'people subjected to sex trafficking'), finding(4, 11, 'people who use drugs')]);
    expect(output).toBe('the people who use drugs and the people subjected to sex trafficking');
    expect(applied).toHaveLength(2);
    expect(skipped).toHaveLength(0);
  });

  it('keeps the earlier of two overlapping fixes and leaves the other for a later run', () => {
    const { output, applied, skipped } = applyFixes('child sex slaves here', [finding(0, 16, 'children'), finding(6, 16, 'people')]);
    expect(output).toBe('children here');
    expect(applied.map((f) => f.fix!.text)).toEqual(['children']);
    expect(skipped.map((f) => f.fix!.text)).toEqual(['people']);
  });

  it('skips a fix whose replacement is already in place, and ranges outside the text', () => {
    const { output, applied, skipped } = applyFixes('people here', [finding(0, 6, 'people'), finding(5, 99, 'x')]);
    expect(output).toBe('people here');
    expect(applied).toHaveLength(0);
    expect(skipped).toHaveLength(1);
  });

  it('applies the same change reported twice only once', () => {
    const { output } = applyFixes('addicts', [finding(0, 7, 'people who use drugs'), finding(0, 7, 'people who use drugs')]);
    expect(output).toBe('people who use drugs');
  });
});

describe('unifiedDiff', () => {
  it('prints a git-style hunk with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff(before, after, 'x.md')).toBe('--- a/x.md\n+++ b/x.md\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });
  it('marks a missing final newline and is empty for equal texts', () => {
    expect(unifiedDiff('one', 'two', 'f.txt')).toBe('--- a/f.txt\n+++ b/f.txt\n@@ -1,1 +1,1 @@\n-one\n\\ No newline at end of file\n+two\n\\ No newline at end of file\n');
    expect(unifiedDiff('same\n', 'same\n', 'f.txt')).toBe('');
  });
});

describe('--fix round-trips the fix fixtures', () => {
  it('has fixtures to round-trip', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(3);
    for (const f of inputs) expect(fs.existsSync(path.join(FIXDIR, expectedFor(f))), `${f} needs ${expectedFor(f)}`).toBe(true);
  });

  it('turns every input into its .fixed file, prints what changed, and a second run changes nothing', () => {
    const dir = tmp();
    copyInputs(dir);
    const first = run(['--fix', '.'], dir);
    expect(first.stderr).toBe('');
    for (const f of inputs) {
      const got = fs.readFileSync(path.join(dir, f));
      const want = fs.readFileSync(path.join(FIXDIR, expectedFor(f)));
      expect(got.equals(want), `${f} after --fix:\n${got.toString('utf8')}`).toBe(true);
    }
    expect(first.stdout).toMatch(/Fixed labels\.md:\n\s+7:1\s+“Sex slaves” → “People subjected to sex trafficking”/);
    expect(first.stdout).toMatch(/Made \d+ changes in 3 files\./);
    // what is left is reported, and the exit code reflects it (an unfixable error remains in labels.md)
    expect(first.stdout).toContain('child prostitutes');
    expect(first.code).toBe(1);
    // no temporary files left behind
    expect(fs.readdirSync(dir).sort()).toEqual([...inputs].sort());

    const before = inputs.map((f) => fs.readFileSync(path.join(dir, f)));
    const second = run(['--fix', '.'], dir);
    expect(second.stdout).toContain('Nothing to fix');
    inputs.forEach((f, i) => expect(fs.readFileSync(path.join(dir, f)).equals(before[i]!), f).toBe(true));
  });

  it('keeps line endings, the byte-order mark and the file mode', () => {
    const dir = tmp();
    copyInputs(dir);
    fs.chmodSync(path.join(dir, 'crlf.txt'), 0o640);
    run(['--fix', 'crlf.txt', 'page.html'], dir);
    const crlf = fs.readFileSync(path.join(dir, 'crlf.txt'), 'utf8');
    expect(crlf.split('\r\n')).toHaveLength(3);
    expect(crlf).not.toMatch(/[^\r]\n/);
    expect(fs.statSync(path.join(dir, 'crlf.txt')).mode & 0o777).toBe(0o640);
    expect([...fs.readFileSync(path.join(dir, 'page.html')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('never fixes text inside a paragraph with entities, or a term that is only mentioned', () => {
    const fixed = fs.readFileSync(path.join(FIXDIR, 'page.fixed.html'), 'utf8');
    expect(fixed).toContain('Traffickers &amp; their buyers treated addicts as sex slaves too.');
    expect(fixed).toContain('We stopped calling survivors &ldquo;sex slaves&rdquo;.');
  });

  it('--fix-dry-run prints only a unified diff and changes no file', () => {
    const dir = tmp();
    copyInputs(dir);
    const r = run(['--fix-dry-run', '.'], dir);
    for (const f of inputs) expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(FIXDIR, f))), f).toBe(true);
    expect(r.stdout.startsWith('--- a/')).toBe(true);
    expect(r.stdout).toContain('--- a/labels.md\n+++ b/labels.md\n');
    expect(r.stdout).toContain('-Sex slaves are not a storyline.');
    expect(r.stdout).toContain('+People subjected to sex trafficking are not a storyline.');
    // nothing but diff lines (no report)
    for (const line of r.stdout.trimEnd().split('\n')) expect(line).toMatch(/^(--- a\/|\+\+\+ b\/|@@ |[ +\\-])/);
    expect(r.code).toBe(1);
  });

  it('refuses --fix with --stdin, and --fix with --fix-dry-run (exit 2)', () => {
    const dir = tmp();
    expect(run(['--fix', '--stdin'], dir).code).toBe(2);
    const both = run(['--fix', '--fix-dry-run', '.'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --fix .* or --fix-dry-run/);
  });
});

describe('fixResults', () => {
  it('leaves a file alone when it changed after it was checked', async () => {
    const dir = tmp();
    copyInputs(dir);
    const file = path.join(dir, 'labels.md');
    const results = await lintFiles([file], { cwd: dir });
    fs.appendFileSync(file, '\nA new line written meanwhile.\n');
    const edited = fs.readFileSync(file, 'utf8');
    const [rep] = await fixResults(results);
    expect(rep!.problem).toMatch(/changed after it was checked/);
    expect(rep!.changed).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(edited);
  });

  it('does not apply the fix of an info note (e.g. quoted speech: changing it would misquote someone)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'quote.md');
    const text = 'She said: "we were sex slaves".\n';
    fs.writeFileSync(file, text);
    const msg = (severity: 0 | 1) => ({ ...finding(19, 29, 'people subjected to sex trafficking'), severity });
    const info = await fixResults([{ filePath: file, source: text, messages: [msg(0)], errorCount: 0, warningCount: 0, infoCount: 1, fatalErrorCount: 0 }]);
    expect(info).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    await fixResults([{ filePath: file, source: text, messages: [msg(1)], errorCount: 0, warningCount: 1, infoCount: 0, fatalErrorCount: 0 }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('She said: "we were people subjected to sex trafficking".\n');
  });

  it('runs a named binary fixer once per file, and not at all in a dry run', async () => {
    const dir = tmp();
    const file = path.join(dir, 'photo.bin');
    fs.writeFileSync(file, 'GPS');
    const calls: string[] = [];
    registerFileFixer('test-strip', async (p) => {
      calls.push(p);
      const before = fs.readFileSync(p, 'utf8');
      await writeFileAtomic(p, before.replace('GPS', ''));
      return { changed: before.includes('GPS'), description: 'removed the location' };
    });
    const msg = (source: string): Finding => ({ ruleId: 'image-location-leak', severity: 1, message: 'm', line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, source, binaryFix: 'test-strip' });
    const results = [{ filePath: file, messages: [msg('exif:GPS'), msg('xmp:GPS')], errorCount: 0, warningCount: 2, infoCount: 0, fatalErrorCount: 0 }];
    const dry = await fixResults(results, { dryRun: true });
    expect(calls).toEqual([]);
    expect(dry[0]!.binary).toEqual([{ name: 'test-strip', description: 'would run "test-strip"', changed: true }]);
    const real = await fixResults(results);
    expect(calls).toEqual([file]);
    expect(real[0]!.changed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    const unknown = await fixResults([{ ...results[0]!, messages: [{ ...msg('exif:GPS'), binaryFix: 'no-such-fixer' }] }]);
    expect(unknown[0]!.binary[0]!.description).toMatch(/no fixer named "no-such-fixer"/);
  });
});

describe('--init', () => {
  it('writes a commented starter config that the config loader accepts', async () => {
    const dir = tmp();
    const out: string[] = [];
    const code = await runInit({ cwd: dir, answers: parseAnswers({ preset: 'strict', resources: 'Call 1-888-373-7888, www.example.org/help', ocr: 'y' }), out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(0);
    const file = path.join(dir, INIT_FILE);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^\/\/ campaign-lint configuration/);
    expect(text).toContain('extends: "strict"');
    const raw = await loadConfigFile(file) as Record<string, unknown>;
    expect(raw).toMatchObject({ extends: 'strict', localAction: { resources: ['Call 1-888-373-7888', 'www.example.org/help'] }, ocr: true });
    const resolved = resolveConfig(raw, file, builtinRules);
    expect(resolved.strict).toBe(true);
    expect(out.join('')).toContain(`Wrote ${INIT_FILE}`);
  });

  it('never overwrites an existing config', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, '.campaignlintrc.json'), '{"rules":{}}');
    const err: string[] = [];
    const code = await runInit({ cwd: dir, answers: parseAnswers({}), out: () => {}, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/already exists.*\.campaignlintrc\.json.*never overwrites/);
    expect(fs.existsSync(path.join(dir, INIT_FILE))).toBe(false);
    const pkgDir = tmp();
    fs.writeFileSync(path.join(pkgDir, 'package.json'), '{"name":"x","campaign-lint":{"rules":{}}}');
    expect(existingConfig(pkgDir)).toMatch(/package\.json/);
  });

  it('blank answers give the defaults', () => {
    expect(parseAnswers({ preset: '', resources: ' ', ocr: '' })).toEqual({ preset: 'recommended', resources: [], ocr: false });
    expect(starterConfig(parseAnswers({}))).toContain('extends: "recommended"');
  });

  it('campaign-lint --init --yes writes the defaults without asking; a second run exits 2 and keeps the file', () => {
    const dir = tmp();
    const r = run(['--init', '--yes'], dir);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, INIT_FILE), 'utf8');
    expect(text).toContain('extends: "recommended"');
    fs.appendFileSync(path.join(dir, INIT_FILE), '// my edit\n');
    const again = run(['--init', '--yes'], dir);
    expect(again.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, INIT_FILE), 'utf8')).toContain('// my edit');
    // and the written config works for a real run
    fs.writeFileSync(path.join(dir, 'post.md'), '# Hello\n\nA short note.\n');
    expect(run(['post.md'], dir).code).toBe(0);
  });
});

describe('progress indicator', () => {
  const stream = (isTTY: boolean) => { const chunks: string[] = []; return { isTTY, columns: 60, chunks, write: (s: string) => { chunks.push(s); return true; } }; };

  it('is shown only on a terminal outside CI', () => {
    expect(progressEnabled(stream(false), {})).toBe(false);
    expect(progressEnabled(stream(true), { CI: 'true' })).toBe(false);
    expect(progressEnabled(stream(true), { GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(progressEnabled(stream(true), { TERM: 'dumb' })).toBe(false);
    expect(progressEnabled(stream(true), {})).toBe(true);
  });

  it('writes nothing when not enabled, and erases its line when done', () => {
    const off = stream(false);
    const p = createProgress(off);
    p.update(1, 10, '/x/a.md'); p.done();
    expect(off.chunks).toEqual([]);
    const on = stream(true);
    const q = createProgress(on, { enabled: true, delayMs: 0, cwd: '/x' });
    q.update(3, 10, '/x/campaign/a-very-long-file-name-that-will-not-fit-in-the-terminal-width.md');
    q.done();
    expect(on.chunks[0]).toMatch(/^\r\x1b\[2KChecking 3\/10 …/);
    expect(on.chunks[0]!.length).toBeLessThanOrEqual(60 + 5);
    expect(on.chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('lintFiles reports each file as it is done', async () => {
    const dir = tmp();
    copyInputs(dir);
    const calls: [number, number, string][] = [];
    const res = await lintFiles([dir], { cwd: dir, concurrency: 'off', onProgress: (d, t, f) => calls.push([d, t, path.basename(f)]) });
    expect(calls.map((c) => c[0])).toEqual(res.map((_, i) => i + 1));
    expect(new Set(calls.map((c) => c[1]))).toEqual(new Set([res.length]));
    expect(calls.map((c) => c[2]).sort()).toEqual(res.map((r) => path.basename(r.filePath)).sort());
  });

  it('the CLI never prints it when stderr is not a terminal', () => {
    const dir = tmp();
    copyInputs(dir);
    const r = run(['.'], dir, { CI: '' });
    expect(r.stderr).not.toContain('Checking');
  });
});
