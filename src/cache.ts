/**
 * `--cache`: results of unchanged files are reused. An entry is keyed by the file's path and is valid
 * only while three hashes match: the file's content, the configuration that applies to it (config
 * file contents, presets, --rule flags, plugin sources), and the campaign-lint build (version plus a
 * fingerprint of its code and rule data). Files a document depends on (images it references) are
 * recorded with their size and modification time and checked too.
 *
 * The cache is one JSON file, written atomically (temp file + rename) at the end of a run; a
 * corrupt or unreadable cache is ignored and rebuilt, never fatal.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileResult } from './types.js';

export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'campaign-lint');
const CACHE_FILE = 'cache.json';
const FORMAT = 1;

export function hashBytes(buf: Uint8Array | string): string {
  return crypto.createHash('sha1').update(buf).digest('hex');
}

export interface Dependency { path: string; size: number; mtimeMs: number }

export interface CacheEntry {
  content: string;
  config: string;
  deps: Dependency[];
  /** the result without `source` */
  result: Omit<FileResult, 'source'>;
}

interface CacheFile { format: number; build: string; entries: Record<string, CacheEntry> }

let buildHash: string | undefined;
/**
 * A fingerprint of this campaign-lint build: its version and the names, sizes and modification
 * times of its code and rule data, so a rebuilt or upgraded linter never reuses stale results.
 */
export function buildFingerprint(version: string): string {
  if (buildHash) return buildHash;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..'); // dist/ when built, the repository when run from source
  const h = crypto.createHash('sha1').update(version);
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try { names = fs.readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      const p = path.join(dir, n);
      let st: fs.Stats;
      try { st = fs.statSync(p); } catch { continue; }
      if (st.isDirectory()) { if (depth < 4 && n !== 'node_modules') walk(p, depth + 1); continue; }
      if (!/\.(js|mjs|ts|json)$/.test(n)) continue;
      h.update(`${path.relative(root, p)}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  walk(path.join(root, 'src'), 0);
  walk(path.join(root, 'rules'), 0);
  buildHash = h.digest('hex');
  return buildHash;
}

export class ResultCache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;
  readonly file: string;

  constructor(location: string, private build: string) {
    // a location ending in a separator, or an existing folder, holds the cache file; otherwise it is the file
    const isDir = /[\\/]$/.test(location) || (fs.existsSync(location) && fs.statSync(location).isDirectory());
    this.file = isDir ? path.join(location, CACHE_FILE) : location;
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (raw && raw.format === FORMAT && raw.build === build && raw.entries && typeof raw.entries === 'object') this.entries = raw.entries;
      else this.dirty = true;
    } catch {
      // missing or corrupt: start empty
    }
  }

  /** The cached result for this file if content, config and dependencies are unchanged. */
  get(filePath: string, contentHash: string, configHash: string): FileResult | undefined {
    const e = this.entries[filePath];
    if (!e || e.content !== contentHash || e.config !== configHash) return undefined;
    for (const d of e.deps) {
      try {
        const st = fs.statSync(d.path);
        if (st.size !== d.size || st.mtimeMs !== d.mtimeMs) return undefined;
      } catch {
        return undefined;
      }
    }
    return e.result as FileResult;
  }

  set(filePath: string, contentHash: string, configHash: string, result: FileResult, depPaths: string[] = []): void {
    const deps: Dependency[] = [];
    for (const p of depPaths) {
      try { const st = fs.statSync(p); deps.push({ path: p, size: st.size, mtimeMs: st.mtimeMs }); } catch { /* gone: not a dependency */ }
    }
    const { source: _source, ...rest } = result;
    this.entries[filePath] = { content: contentHash, config: configHash, deps, result: rest };
    this.dirty = true;
  }

  delete(filePath: string): void {
    if (filePath in this.entries) { delete this.entries[filePath]; this.dirty = true; }
  }

  /** Write the cache atomically; a cache that cannot be written is only a lost speed-up. */
  save(): { ok: boolean; error?: string } {
    if (!this.dirty) return { ok: true };
    const tmp = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, build: this.build, entries: this.entries } satisfies CacheFile));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
      return { ok: true };
    } catch (e) {
      try { fs.unlinkSync(tmp); } catch { /* never created */ }
      return { ok: false, error: (e as Error).message };
    }
  }
}
