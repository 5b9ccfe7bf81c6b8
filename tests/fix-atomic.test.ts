/**
 * `--fix` never leaves a half-written file, proved by killing the process (SIGKILL: no cleanup runs).
 *
 * 1. Mid-write, deterministically: a child process writes a 256 MB replacement through the real
 *    writeFileAtomic (src/fix.ts); as soon as its temporary file is partly written, the child is
 *    killed. The target must still hold exactly the original bytes.
 * 2. The whole CLI: `campaign-lint --fix` on a file with fixable findings is killed at a spread of
 *    moments (while linting, writing, or after); after every kill the file is either exactly the
 *    original or exactly the fully fixed text, never anything else.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-fix-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => crypto.createHash('sha1').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(args: string[], cwd: string) {
  const child = spawn(process.execPath, ['--import', TSX, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done, stderr: () => stderr };
}

describe('--fix writes atomically', () => {
  it('a process killed in the middle of writing leaves the original file intact', async () => {
    const target = path.join(dir, 'poster.md');
    const original = Buffer.from('Police found illegal immigrants working on the farm. Kiddie porn is a crime.\n');
    fs.writeFileSync(target, original);
    const script = path.join(dir, 'write-big.mts');
    fs.writeFileSync(script, `import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, 'src', 'fix.ts'))};
await writeFileAtomic(process.argv[2]!, Buffer.alloc(256 * 1048576, 'x'));
`);
    let killedMidWrite = false;
    for (let attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
      const { child, done } = run([script, target], dir);
      // wait for the temporary file to appear and be partly written, then kill
      const deadline = Date.now() + 60000;
      while (Date.now() < deadline && child.exitCode === null) {
        const tmp = fs.readdirSync(dir).find((n) => n.startsWith('.poster.md.campaign-lint-') && n.endsWith('.tmp'));
        if (tmp) {
          let size = 0;
          try { size = fs.statSync(path.join(dir, tmp)).size; } catch { /* renamed already */ }
          if (size > 0 && size < 256 * 1048576) { child.kill('SIGKILL'); killedMidWrite = true; break; }
        }
        await sleep(2);
      }
      await done;
      // whatever happened, the target is whole: the original, or (if the write won the race) the complete new content
      const now = fs.readFileSync(target);
      if (killedMidWrite) expect(sha(now)).toBe(sha(original));
      else if (now.length !== original.length) { expect(now.length).toBe(256 * 1048576); fs.writeFileSync(target, original); }
      for (const n of fs.readdirSync(dir).filter((x) => x.endsWith('.tmp'))) fs.rmSync(path.join(dir, n)); // the orphaned temp file
    }
    expect(killedMidWrite, 'the child was killed while its temporary file was partly written').toBe(true);
  }, 180000);

  it('campaign-lint --fix killed at any moment leaves either the original or the fully fixed file', async () => {
    const work = path.join(dir, 'cli');
    fs.mkdirSync(work, { recursive: true });
    const target = path.join(work, 'report.md');
    const entry = path.join(dir, 'entry.mts');
    fs.writeFileSync(entry, `import { main } from ${JSON.stringify(path.join(ROOT, 'src', 'cli.ts'))};\nprocess.exitCode = await main(process.argv);\n`);
    const line = 'Police found illegal immigrants and sex slaves on the farm; kiddie porn was seized.\n\n';
    const original = Buffer.from(line.repeat(3000));
    // the fully fixed text, from an uninterrupted run
    fs.writeFileSync(target, original);
    const full = run([entry, '--fix', '--concurrency', 'off', 'report.md'], work);
    await full.done;
    const fixed = fs.readFileSync(target);
    expect(sha(fixed), full.stderr()).not.toBe(sha(original)); // the fixes were made
    expect(fixed.toString()).toContain('child sexual abuse material');

    const delays = [200, 600, 1000, 1500, 2000, 2500, 3000, 4000];
    const outcomes: string[] = [];
    for (const ms of delays) {
      fs.writeFileSync(target, original);
      const { child, done } = run([entry, '--fix', '--concurrency', 'off', 'report.md'], work);
      await sleep(ms);
      child.kill('SIGKILL');
      await done;
      const now = sha(fs.readFileSync(target));
      expect([sha(original), sha(fixed)]).toContain(now);
      outcomes.push(now === sha(fixed) ? 'fixed' : 'original');
    }
    // report where the kills landed (not asserted: it depends on the machine's speed)
    console.info(`fix-atomic: after kills at ${delays.join(', ')} ms the file was ${outcomes.join(', ')}`);
  }, 300000);
});
