/**
 * --fix and --fix-dry-run: apply the safe replacements rules declared (`fix: { range, text }` in file
 * offsets) and the binary fixes they named (`binaryFix: '<fixer>'`, see src/fixers.ts).
 *
 * - Only the fixes of warnings and errors are applied (an info note, e.g. on quoted speech, is advice).
 * - Only non-overlapping fixes are applied; when two overlap, the earlier one wins and the other
 *   waits for a later run (after a re-check, its range may no longer apply).
 * - A file is re-read before writing and left alone if it changed since it was checked.
 * - Files are written atomically: a temporary file in the same folder, then a rename over the original
 *   (keeping its permissions, byte-order mark and UTF-16 encoding).
 * - Applying the fixes of an already fixed file changes nothing (a fix whose text is already in place is skipped).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileFixers } from './fixers.js';
import type { FileResult, Finding } from './types.js';

export interface TextFix { range: [number, number]; text: string }

export interface AppliedFixes {
  output: string;
  applied: Finding[];
  /** fixes left out because they overlapped an earlier one or fell outside the text */
  skipped: Finding[];
}

/** Apply the non-overlapping fixes of `findings` to `text` (pure). */
export function applyFixes(text: string, findings: Finding[]): AppliedFixes {
  const withFix = findings.filter((f): f is Finding & { fix: TextFix } => !!f.fix && Array.isArray(f.fix.range) && typeof f.fix.text === 'string');
  const sorted = [...withFix].sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
  const applied: (Finding & { fix: TextFix })[] = [];
  const skipped: Finding[] = [];
  let lastEnd = -1;
  const seen = new Set<string>();
  for (const f of sorted) {
    const [s, e] = f.fix.range;
    const key = `${s}:${e}:${f.fix.text}`;
    if (seen.has(key)) continue; // the same change reported twice
    if (!(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e >= s && e <= text.length)) { skipped.push(f); continue; }
    if (text.slice(s, e) === f.fix.text) continue; // already in place: nothing to do
    const prev = applied[applied.length - 1];
    // overlapping an earlier change, or a second insertion at the same point (order would be a guess)
    if (s < lastEnd || (prev && s === e && prev.fix.range[0] === s && prev.fix.range[1] === s)) { skipped.push(f); continue; }
    seen.add(key);
    applied.push(f);
    lastEnd = e;
  }
  let out = '';
  let pos = 0;
  for (const f of applied) {
    out += text.slice(pos, f.fix.range[0]) + f.fix.text;
    pos = f.fix.range[1];
  }
  out += text.slice(pos);
  return { output: out, applied, skipped };
}

/** How a text file was encoded, so it can be written back the same way. */
interface Decoded { text: string; encode(text: string): Buffer }

function decodeForFix(buf: Buffer): Decoded | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2).toString('utf16le'), encode: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2)).swap16();
    return { text: le.toString('utf16le'), encode: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]) };
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf); } catch { return undefined; }
  return { text, encode: (t) => Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(t, 'utf8')]) };
}

/** Write a file atomically: a temporary file beside it, then rename over it. Keeps the file's mode. */
export async function writeFileAtomic(filePath: string, data: Buffer | string): Promise<void> {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.campaign-lint-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try { mode = (await fs.promises.stat(filePath)).mode & 0o7777; } catch { /* new file */ }
  try {
    const fh = await fs.promises.open(tmp, 'wx', mode ?? 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (mode !== undefined) await fs.promises.chmod(tmp, mode);
    await fs.promises.rename(tmp, filePath);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

export interface FileFixReport {
  filePath: string;
  /** text fixes that were (or, in a dry run, would be) applied */
  applied: Finding[];
  skipped: Finding[];
  /** binary fixers that ran (or would run) */
  binary: { name: string; description: string; changed: boolean }[];
  before?: string;
  after?: string;
  /** why the file was left alone */
  problem?: string;
  changed: boolean;
}

export interface FixRunOptions {
  dryRun?: boolean;
}

/** Apply the fixes of lint results to the files on disk (or only compute them with dryRun). */
export async function fixResults(results: FileResult[], opts: FixRunOptions = {}): Promise<FileFixReport[]> {
  const reports: FileFixReport[] = [];
  for (const r of results) {
    // info notes are advisory (quoted speech, a judgement call): only warnings and errors are fixed
    const textFixes = r.messages.filter((m) => m.fix && m.severity >= 1);
    const binaryNames = [...new Set(r.messages.map((m) => m.binaryFix).filter((n): n is string => typeof n === 'string' && n.length > 0))];
    if (textFixes.length === 0 && binaryNames.length === 0) continue;
    const rep: FileFixReport = { filePath: r.filePath, applied: [], skipped: [], binary: [], changed: false };
    reports.push(rep);

    if (textFixes.length) {
      let buf: Buffer;
      try { buf = await fs.promises.readFile(r.filePath); } catch (e) {
        rep.problem = `could not read the file again to fix it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
        rep.skipped = textFixes;
        continue;
      }
      const dec = decodeForFix(buf);
      if (!dec) { rep.problem = 'the file is not valid UTF-8 text, so it was not changed'; rep.skipped = textFixes; continue; }
      if (typeof r.source === 'string' && r.source !== dec.text) {
        rep.problem = 'the file changed after it was checked, so it was not changed; run campaign-lint --fix again';
        rep.skipped = textFixes;
        continue;
      }
      const { output, applied, skipped } = applyFixes(dec.text, textFixes);
      rep.applied = applied;
      rep.skipped = skipped;
      rep.before = dec.text;
      rep.after = output;
      if (output !== dec.text) {
        rep.changed = true;
        if (!opts.dryRun) await writeFileAtomic(r.filePath, dec.encode(output));
      }
    }

    for (const name of binaryNames) {
      const fixer = fileFixers[name];
      if (!fixer) { rep.binary.push({ name, description: `no fixer named "${name}" is available, so this was not fixed`, changed: false }); continue; }
      if (opts.dryRun) { rep.binary.push({ name, description: `would run "${name}"`, changed: true }); continue; }
      try {
        const out = await fixer(r.filePath);
        rep.binary.push({ name, ...out });
        if (out.changed) rep.changed = true;
      } catch (e) {
        rep.binary.push({ name, description: `"${name}" failed: ${(e as Error).message.split('\n')[0]}`, changed: false });
      }
    }
  }
  return reports;
}

/** A human summary of what --fix changed, one block per file. */
export function describeFixes(reports: FileFixReport[], cwd = process.cwd(), dryRun = false): string {
  const out: string[] = [];
  let files = 0, changes = 0;
  for (const rep of reports) {
    const rel = path.relative(cwd, rep.filePath) || rep.filePath;
    const lines: string[] = [];
    for (const f of rep.applied) lines.push(`  ${f.line}:${f.column}  “${f.actual ?? rep.before?.slice(f.fix!.range[0], f.fix!.range[1]) ?? ''}” → “${f.fix!.text}”  (${f.ruleId})`);
    for (const b of rep.binary) lines.push(`  ${b.description}`);
    if (rep.problem) lines.push(`  not fixed: ${rep.problem}`);
    else if (rep.skipped.length) lines.push(`  ${rep.skipped.length} more fix${rep.skipped.length === 1 ? '' : 'es'} overlapped another change; run --fix again to apply ${rep.skipped.length === 1 ? 'it' : 'them'}.`);
    if (!lines.length) continue;
    if (rep.changed) { files++; changes += rep.applied.length + rep.binary.filter((b) => b.changed).length; }
    out.push(`${dryRun ? 'Would fix' : 'Fixed'} ${rel}:`, ...lines);
  }
  if (out.length === 0) return dryRun ? 'Nothing to fix.\n' : 'Nothing to fix: no finding has a safe automatic fix.\n';
  out.push(`${dryRun ? 'Would make' : 'Made'} ${changes} change${changes === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- unified diff (for --fix-dry-run)

function splitKeep(text: string): string[] {
  if (text === '') return [];
  const parts = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return parts;
}

/** Myers diff on lines: the edit script as a list of [op, line] with op ' ', '-', '+'. */
function diffLines(a: string[], b: string[]): [' ' | '-' | '+', string][] {
  const n = a.length, m = b.length, max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1)) ? v.get(k + 1)! : v.get(k - 1)! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v.set(k, x);
      if (x >= n && y >= m) { trace.push(new Map(v)); break outer; }
    }
  }
  // backtrack
  const script: [' ' | '-' | '+', string][] = [];
  let x = n, y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vv = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && (vv.get(k - 1) ?? -1) < (vv.get(k + 1) ?? -1)) ? k + 1 : k - 1;
    const prevX = vv.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { script.push([' ', a[x - 1]!]); x--; y--; }
    if (d > 0) {
      if (x === prevX) script.push(['+', b[y - 1]!]); else script.push(['-', a[x - 1]!]);
    }
    x = prevX; y = prevY;
  }
  while (x > 0 && y > 0) { script.push([' ', a[x - 1]!]); x--; y--; }
  return script.reverse();
}

/** A unified diff (git style, 3 lines of context) between two versions of a file. '' when equal. */
export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  if (before === after) return '';
  const a = splitKeep(before), b = splitKeep(after);
  const script = diffLines(a, b);
  // positions of changes
  const out: string[] = [`--- a/${name}`, `+++ b/${name}`];
  let i = 0;
  let oldLine = 1, newLine = 1;
  const ops = script.map(([op, line]) => {
    const o = { op, line, oldLine, newLine };
    if (op !== '+') oldLine++;
    if (op !== '-') newLine++;
    return o;
  });
  while (i < ops.length) {
    // find next change
    while (i < ops.length && ops[i]!.op === ' ') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    // extend the hunk while changes are within 2*context of each other
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.op !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.op === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) { end = next; continue; }
      break;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const oldStart = hunk[0]!.oldLine, newStart = hunk[0]!.newLine;
    const oldCount = hunk.filter((o) => o.op !== '+').length, newCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${oldCount ? oldStart : oldStart - 1},${oldCount} +${newCount ? newStart : newStart - 1},${newCount} @@`);
    for (const o of hunk) {
      const text = o.line.endsWith('\n') ? o.line.slice(0, -1) : o.line;
      out.push(`${o.op}${text}`);
      if (!o.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    i = stop;
    start = stop;
  }
  return out.join('\n') + '\n';
}
