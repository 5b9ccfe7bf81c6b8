/**
 * Streaming reports: lintFiles hands each result on in file order (onResult) and can keep none
 * (retain: false), and the CLI writes stylish, json and github reports file by file. The streamed
 * text must be exactly the text of the whole-report formatters, in-process and with workers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { formatGithub, formatJson, formatStylish } from '../src/formatters/index.js';
import type { FileResult } from '../src/types.js';

const ROOT = path.resolve(__dirname, '..');
const SAMPLE = path.join(ROOT, 'fixtures', 'sample-campaign');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-stream-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lintFiles onResult / retain', () => {
  it.each([['in-process', 'off' as const], ['worker pool', 2]])('%s: the same results, in the same order, and none kept', async (_l, concurrency) => {
    const kept = await lintFiles([SAMPLE, path.join(ROOT, 'fixtures', 'rules', 'restraint-imagery')], { cwd: ROOT, concurrency: 'off' });
    const streamed: FileResult[] = [];
    const returned = await lintFiles([SAMPLE, path.join(ROOT, 'fixtures', 'rules', 'restraint-imagery')], { cwd: ROOT, concurrency, retain: false, onResult: (r) => streamed.push(r) });
    expect(returned).toEqual([]);
    expect(kept.length).toBeGreaterThan(5);
    expect(streamed.map((r) => [r.filePath, r.messages.map((m) => `${m.ruleId}@${m.offset}`)])).toEqual(kept.map((r) => [r.filePath, r.messages.map((m) => `${m.ruleId}@${m.offset}`)]));
  });

  it('a file that cannot be found is reported first, as in the kept results', async () => {
    const streamed: FileResult[] = [];
    await lintFiles(['missing.md', SAMPLE], { cwd: ROOT, concurrency: 'off', retain: false, onResult: (r) => streamed.push(r) });
    const kept = await lintFiles(['missing.md', SAMPLE], { cwd: ROOT, concurrency: 'off' });
    expect(streamed.map((r) => r.filePath)).toEqual(kept.map((r) => r.filePath));
    expect(streamed[0]!.fatalErrorCount).toBe(1);
  });
});

describe('the CLI streams stylish, json and github reports with the same text as the whole-report formatters', () => {
  const bin = path.join(ROOT, 'bin', 'campaign-lint.js');
  it.each(['stylish', 'json', 'github'])('%s', async (format) => {
    const results = await lintFiles([SAMPLE], { cwd: ROOT, concurrency: 'off' });
    const expected = format === 'json' ? formatJson(results) : format === 'github' ? formatGithub(results, { cwd: ROOT }) : formatStylish(results, { color: 0, cwd: ROOT });
    const out = path.join(tmp, `report-${format}.txt`);
    const viaFile = spawnSync(process.execPath, [bin, '--format', format, '--output', out, SAMPLE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(viaFile.status, viaFile.stderr).toBe(1); // the sample campaign has errors
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
    const viaPipe = spawnSync(process.execPath, [bin, '--format', format, '--concurrency', '2', SAMPLE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(viaPipe.stdout).toBe(expected);
  });

  it('an empty run is still valid JSON', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const r = spawnSync(process.execPath, [bin, '--format', 'json', empty], { cwd: empty, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
