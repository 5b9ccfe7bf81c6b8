/** Finding the files to lint: paths, directories (recursive, honouring .gitignore and .campaignlintignore) and globs. */
import fs from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import ignore, { type Ignore } from 'ignore';
import { supportedExtensions } from './parse/index.js';

export interface FileTarget {
  path: string;
  /** named explicitly on the command line (an unsupported one is an error, not skipped) */
  explicit: boolean;
}
export interface WalkProblem { path: string; message: string }

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/.cache/**'];
const IGNORE_FILES = ['.gitignore', '.campaignlintignore'];

function loadIgnores(root: string): { dir: string; ig: Ignore }[] {
  const out: { dir: string; ig: Ignore }[] = [];
  // ignore files in the root and its ancestors up to the repository top (or filesystem root)
  let dir = root;
  for (;;) {
    for (const name of IGNORE_FILES) {
      const f = path.join(dir, name);
      try { out.push({ dir, ig: ignore().add(fs.readFileSync(f, 'utf8')) }); } catch { /* none here */ }
    }
    if (fs.existsSync(path.join(dir, '.git'))) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

function isIgnored(file: string, ignores: { dir: string; ig: Ignore }[]): boolean {
  for (const { dir, ig } of ignores) {
    const rel = path.relative(dir, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (ig.ignores(rel.split(path.sep).join('/'))) return true;
  }
  return false;
}

export async function collectFiles(args: string[], opts: { cwd?: string; extraIgnores?: string[]; extensions?: string[] } = {}): Promise<{ files: FileTarget[]; problems: WalkProblem[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const exts = opts.extensions ?? supportedExtensions();
  const files = new Map<string, FileTarget>();
  const problems: WalkProblem[] = [];
  const extra = ignore().add(opts.extraIgnores ?? []);
  const extraIgnored = (abs: string) => { const rel = path.relative(cwd, abs).split(path.sep).join('/'); return !!rel && !rel.startsWith('..') && extra.ignores(rel); };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try { stat = fs.statSync(abs); } catch (e) {
      if (isDynamicPattern(arg)) {
        const found = await glob(arg, { cwd, absolute: true, ignore: ALWAYS_IGNORED, dot: false });
        const ignores = loadIgnores(cwd);
        for (const f of found.sort()) {
          if (!exts.includes(path.extname(f).toLowerCase()) || isIgnored(f, ignores) || extraIgnored(f)) continue;
          if (!files.has(f)) files.set(f, { path: f, explicit: false });
        }
        if (found.length === 0) problems.push({ path: arg, message: `No files match the pattern "${arg}". Check the quotes and the path.` });
        else if (!found.some((f) => exts.includes(path.extname(f).toLowerCase()))) {
          problems.push({ path: arg, message: `The pattern "${arg}" matches only files campaign-lint cannot read. Supported: ${exts.join(' ')}.` });
        }
        continue;
      }
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: abs, message: code === 'EACCES' ? 'Permission denied: campaign-lint cannot read this path.' : 'No such file or folder. Check the path and try again.' });
      continue;
    }
    if (stat.isDirectory()) {
      const ignores = loadIgnores(abs);
      let found: string[] = [];
      try {
        found = await glob(exts.map((x) => `**/*${x}`), { cwd: abs, absolute: true, ignore: ALWAYS_IGNORED, dot: false, followSymbolicLinks: false, caseSensitiveMatch: false });
      } catch (err) {
        problems.push({ path: abs, message: `Could not walk this folder: ${(err as Error).message}` });
      }
      // nested ignore files
      const nested = await glob(IGNORE_FILES.map((n) => `**/${n}`), { cwd: abs, absolute: true, ignore: ALWAYS_IGNORED, dot: true, followSymbolicLinks: false }).catch(() => [] as string[]);
      for (const n of nested) {
        const d = path.dirname(n);
        if (d === abs) continue;
        try { ignores.push({ dir: d, ig: ignore().add(fs.readFileSync(n, 'utf8')) }); } catch { /* unreadable ignore file */ }
      }
      for (const f of found.sort()) {
        if (isIgnored(f, ignores) || extraIgnored(f)) continue;
        if (!files.has(f)) files.set(f, { path: f, explicit: false });
      }
    } else {
      files.set(abs, { path: abs, explicit: true });
    }
  }
  return { files: [...files.values()], problems };
}
