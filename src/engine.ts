/**
 * The engine: files and configuration around the pure Linter. Finds each file's config,
 * reads and decodes it, parses it into the document model, and lints it. A file that cannot be
 * read or parsed yields one fatal finding and the run goes on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinRules } from '../rules/index.js';
import { DEFAULT_CACHE_DIR, ResultCache, buildFingerprint, hashBytes } from './cache.js';
import { ConfigError, configForFile, findConfig, loadConfigFile, resolveConfig, type ResolvedConfig } from './config.js';
import { collectFiles, type FileTarget } from './files.js';
import { fatalResult, lintDocument } from './linter.js';
import { InputError, formatFor, parseInput, supportedExtensions } from './parse/index.js';
import { referencedImageFiles } from './parse/image-refs.js';
import type { CampaignDocument, FileResult, Rule, SeverityName } from './types.js';

export interface EngineOptions {
  cwd?: string;
  /** an explicit config file (overrides discovery) */
  configFile?: string;
  /** a config object (the API); used instead of discovery */
  config?: unknown;
  /** --rule id:severity */
  cliRules?: Record<string, SeverityName>;
  ocr?: boolean;
  /** bytes; larger files get a fatal finding instead of being read */
  maxFileSize?: number;
  /**
   * worker threads for lintFiles: 'auto' (default: one per core, in-process when there are few
   * files), a number of workers, or 'off' / 0 / 1 for in-process. Results are the same either way.
   */
  concurrency?: number | 'auto' | 'off';
  /** reuse results of unchanged files (content + config + version hash) */
  cache?: boolean;
  /** the cache file, or a folder for it (default node_modules/.cache/campaign-lint/ under cwd) */
  cacheLocation?: string;
  /** lint only shard `index` (1-based) of `count`: a deterministic split of the files */
  shard?: { index: number; count: number };
  /** pool mode: a file whose linting takes longer than this (ms) gets a fatal finding (default 300000) */
  fileTimeout?: number;
  /** called after each file is checked (files done, files in all, the file): for a progress indicator */
  onProgress?: (done: number, total: number, filePath: string) => void;
  /**
   * called with each file's result as soon as it and every file before it are done, in the order
   * lintFiles returns them (for streaming a report)
   */
  onResult?: (result: FileResult) => void;
  /** false: lintFiles returns [] and keeps no results (use onResult): memory does not grow with the number of files */
  retain?: boolean;
}

/** Parse "--shard i/n" (1-based). Throws a ConfigError with a plain message when malformed. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new ConfigError(`--shard "${v}": write it as i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 for the second of four parts.`);
  return { index, count };
}

/**
 * The files of one shard: sorted by path relative to cwd, file k goes to shard (k mod n) + 1. Every
 * job of a CI matrix that runs from the same checkout therefore lints each file exactly once.
 */
export function shardFiles<T extends { path: string }>(files: T[], shard: { index: number; count: number }, cwd: string): T[] {
  if (shard.count <= 1) return files;
  const keyed = files.map((f) => ({ f, k: path.relative(cwd, f.path).split(path.sep).join('/') }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const mine = new Set(keyed.filter((_, i) => i % shard.count === shard.index - 1).map((x) => x.f));
  return files.filter((f) => mine.has(f)); // keep the collection order
}

let versionCache: string | undefined;
/** campaign-lint's version, from the package.json above this module (src/ or dist/src/). */
export function engineVersion(): string {
  if (versionCache) return versionCache;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'campaign-lint') return (versionCache = String(pkg.version));
    } catch { /* keep looking */ }
    dir = path.dirname(dir);
  }
  return (versionCache = '0.0.0');
}

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

function validateRule(r: unknown, from: string): Rule {
  const rule = r as Rule;
  if (!rule || typeof rule !== 'object' || !rule.meta || typeof rule.meta.id !== 'string' || typeof rule.check !== 'function') {
    throw new ConfigError(`plugin ${from}: every entry of "rules" must be { meta: { id, ... }, check(context) }.`);
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9-]+)?$/.test(rule.meta.id)) throw new ConfigError(`plugin ${from}: rule id "${rule.meta.id}" must be kebab-case.`);
  const defaults = { scope: 'segment', recommended: true, severity: 'warn', principle: '', description: '' } as const;
  return { ...rule, meta: Object.assign({}, defaults, rule.meta) };
}

export async function loadPlugins(specs: string[], baseDir: string, fingerprints: string[] = []): Promise<Rule[]> {
  const out: Rule[] = [];
  for (const spec of specs) {
    let url: string;
    if (spec.startsWith('.') || path.isAbsolute(spec)) {
      // a relative path may name a plugin's package folder: its package.json "main" (or index.js) is the entry
      let file = path.resolve(baseDir, spec);
      try { if (fs.statSync(file).isDirectory()) file = createRequire(path.join(file, 'noop.js')).resolve(file); } catch { /* reported by the import below */ }
      url = pathToFileURL(file).href;
    }
    else {
      try { url = pathToFileURL(createRequire(path.join(baseDir, 'noop.js')).resolve(spec)).href; } catch {
        throw new ConfigError(`plugin "${spec}" was not found from ${baseDir}. Install it (npm install ${spec}) or fix the path.`);
      }
    }
    try { fingerprints.push(hashBytes(fs.readFileSync(fileURLToPath(url)))); } catch { fingerprints.push(url); }
    let mod: { default?: { rules?: unknown[] }; rules?: unknown[] };
    try { mod = await import(url); } catch (e) { throw new ConfigError(`plugin "${spec}" failed to load: ${(e as Error).message.split('\n')[0]}`); }
    const rules = mod.rules ?? mod.default?.rules;
    if (!Array.isArray(rules)) throw new ConfigError(`plugin "${spec}" must export "rules": an array of rules.`);
    out.push(...rules.map((r) => validateRule(r, spec)));
  }
  return out;
}

export interface Project {
  config: ResolvedConfig;
  rules: Map<string, Rule>;
  /** a hash of everything in the configuration that can change results (for --cache) */
  key: string;
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : typeof x === 'function' ? String(x) : x));
}

/** Resolve config + plugins for a folder (cached per config file). */
export class ProjectResolver {
  private byDir = new Map<string, Promise<Project>>();
  private byFile = new Map<string, Promise<Project>>();
  constructor(private opts: EngineOptions) {}

  private async build(raw: unknown, file: string | undefined): Promise<Project> {
    const dir = file ? path.dirname(file) : (this.opts.cwd ?? process.cwd());
    const pre = (raw && typeof raw === 'object' && Array.isArray((raw as { plugins?: unknown }).plugins)) ? (raw as { plugins: string[] }).plugins : [];
    const fingerprints: string[] = [];
    const plugins = await loadPlugins(pre, dir, fingerprints);
    const all = [...builtinRules, ...plugins];
    const config = resolveConfig(raw, file, all, this.opts.cliRules);
    let rawJson: string;
    try { rawJson = stableJson(raw); } catch { rawJson = String(Math.random()); /* not serialisable: never reuse */ }
    const key = hashBytes(stableJson({ raw: rawJson, file, cliRules: this.opts.cliRules ?? {}, plugins: fingerprints, ocr: this.opts.ocr ?? null, max: this.opts.maxFileSize ?? null }));
    return { config, rules: new Map(all.map((r) => [r.meta.id, r])), key };
  }

  forDir(dir: string): Promise<Project> {
    if (this.opts.config !== undefined) return this.once('api', () => this.build(this.opts.config, undefined));
    if (this.opts.configFile) {
      const f = path.resolve(this.opts.cwd ?? process.cwd(), this.opts.configFile);
      return this.once(f, async () => this.build(await loadConfigFile(f), f));
    }
    let p = this.byDir.get(dir);
    if (!p) {
      p = findConfig(dir).then(({ file, config }) => this.once(file ?? '(defaults)', () => this.build(config, file)));
      this.byDir.set(dir, p);
    }
    return p;
  }

  private once(key: string, make: () => Promise<Project>): Promise<Project> {
    let p = this.byFile.get(key);
    if (!p) { p = make(); this.byFile.set(key, p); }
    return p;
  }
}

export async function lintDocumentWith(doc: CampaignDocument, project: Project): Promise<FileResult> {
  const { ruleSettings, settings } = configForFile(project.config, doc.filePath);
  return lintDocument(doc, { rules: project.rules, ruleSettings, settings, strict: project.config.strict });
}

/** What linting one file produced: the result, and for --cache the content hash and the files it depends on. */
export interface FileOutcome {
  result: FileResult;
  /** sha1 of the bytes linted; absent when the file could not be read (such results are never cached) */
  hash?: string;
  /** other files the result depends on (local images a document references) */
  deps?: string[];
}

function friendlyParseError(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'This file is nested too deeply to read (thousands of levels of lists, quotes or tags). Flatten the structure and run again.';
  if (e instanceof RangeError && /string length|array length|allocation/i.test(e.message)) return 'This file is too large to read in one piece. Split it into smaller files.';
  return `Could not parse this file: ${((e as Error)?.message ?? String(e)).split('\n')[0]}`;
}

/** Markdown nested deeper than this (quotes and list items on one line) is refused: the parser is quadratic in the depth. */
export const MAX_MARKDOWN_NESTING = 500;

/** The deepest container nesting written on one Markdown line ("> > - 1. text" is 4). Reads bytes: no decoding needed. */
export function markdownNestingDepth(buf: Uint8Array): number {
  let max = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    let depth = 0;
    for (;;) {
      while (i < n && (buf[i] === 32 || buf[i] === 9)) i++;
      const c = buf[i];
      if (c === 62) { depth++; i++; continue; } // >
      if ((c === 45 || c === 42 || c === 43) && (buf[i + 1] === 32 || buf[i + 1] === 9)) { depth++; i += 2; continue; } // - * +
      if (c !== undefined && c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 10 && buf[j]! >= 48 && buf[j]! <= 57) j++;
        if ((buf[j] === 46 || buf[j] === 41) && (buf[j + 1] === 32 || buf[j + 1] === 9)) { depth++; i = j + 2; continue; }
      }
      break;
    }
    if (depth > max) max = depth;
    while (i < n && buf[i] !== 10 && buf[i] !== 13) i++;
    i++;
  }
  return max;
}

export async function lintOneFile(filePath: string, explicit: boolean, project: Project, opts: EngineOptions): Promise<FileResult | null> {
  const out = await lintFileDetailed(filePath, explicit, project, opts);
  return out ? out.result : null;
}

/** lintOneFile, also returning the content hash and dependencies (used by the worker pool and the cache). */
export async function lintFileDetailed(filePath: string, explicit: boolean, project: Project, opts: EngineOptions): Promise<FileOutcome | null> {
  const fmt = formatFor(filePath);
  if (!fmt) {
    if (!explicit) return null;
    return { result: fatalResult(filePath, `campaign-lint cannot read "${path.extname(filePath) || 'extensionless'}" files. Supported: ${supportedExtensions().join(' ')}.`) };
  }
  let buf: Buffer;
  // synchronous reads (as ESLint does): a small file is read in microseconds, while each asynchronous
  // call waits for the thread pool, and a run of thousands of files spent a sixth of its time idle
  try {
    const st = fs.statSync(filePath); // stat first: opening a named pipe would wait for a writer
    if (!st.isFile()) return { result: fatalResult(filePath, 'This is not a regular file.') };
    const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (st.size > max) return { result: fatalResult(filePath, `This file is ${(st.size / 1048576).toFixed(1)} MB, over the ${(max / 1048576).toFixed(0)} MB limit. Split it, or raise the limit with --max-file-size.`) };
    buf = fs.readFileSync(filePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { result: fatalResult(filePath, code === 'EACCES' || code === 'EPERM' ? 'Permission denied: campaign-lint cannot read this file.' : code === 'ENOENT' ? 'The file disappeared before it could be read.' : code === 'ELOOP' ? 'This is a symbolic link that points to itself (a loop). Fix or remove the link.' : code === 'EISDIR' ? 'This is not a regular file.' : `Could not read this file (${code ?? (e as Error).message}).`) };
  }
  const hash = opts.cache ? hashBytes(buf) : undefined;
  if (buf.length === 0) return { result: fatalResult(filePath, 'This file is empty: there is nothing to check.'), hash };
  if (fmt.name === 'markdown' && markdownNestingDepth(buf) > MAX_MARKDOWN_NESTING) {
    return { result: fatalResult(filePath, `This file is nested too deeply to read (more than ${MAX_MARKDOWN_NESTING} levels of lists or quotes on one line). Flatten the structure and run again.`), hash };
  }
  let doc: CampaignDocument;
  try {
    doc = await parseInput(filePath, buf, { ocr: opts.ocr ?? project.config.ocr, maxFileSize: opts.maxFileSize, explicit });
  } catch (e) {
    if (e instanceof InputError) return { result: fatalResult(filePath, e.message), hash };
    return { result: fatalResult(filePath, friendlyParseError(e)), hash };
  }
  let result: FileResult;
  try {
    result = await lintDocumentWith(doc, project);
  } catch (e) {
    return { result: fatalResult(filePath, `campaign-lint failed while checking this file: ${friendlyParseError(e).replace(/^Could not parse this file: /, '')}. Please report this bug.`), hash };
  }
  const deps = doc.images.map((i) => i.resolved).filter((p): p is string => typeof p === 'string' && p !== filePath);
  return { result, hash, deps: deps.length ? [...new Set(deps)] : undefined };
}

/** In-process runs lint files larger than this in a separate worker thread (memory isolation). */
export const ISOLATE_BYTES = 4 * 1048576;

/** Below this many files to lint, 'auto' concurrency stays in-process (starting workers costs more). */
export const POOL_MIN_FILES = 24;
/**
 * Below this many bytes to lint, 'auto' concurrency stays in-process: each worker spends about half a
 * second loading and compiling the rules before its first file, and on the 2-core machines we measure
 * on (npm run bench) two workers beat one thread only from about 2,000 typical files (5 MB) upwards.
 */
export const POOL_MIN_BYTES = 6 * 1048576;

function workerCount(opts: EngineOptions, paths: string[]): number {
  const files = paths.length;
  const c = opts.concurrency ?? 'auto';
  if (c === 'off') return 0;
  if (typeof c === 'number') return Number.isFinite(c) && c > 1 ? Math.min(Math.floor(c), 64, Math.max(1, files)) : 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (cores < 2 || files < POOL_MIN_FILES) return 0;
  let bytes = 0;
  for (const p of paths) {
    try { bytes += fs.statSync(p).size; } catch { /* reported when read */ }
    if (bytes >= POOL_MIN_BYTES) return Math.min(cores, Math.ceil(files / 12));
  }
  return 0;
}

/** The options a worker needs (plain data only: they cross a thread boundary). */
function workerOptions(opts: EngineOptions): EngineOptions | undefined {
  const o: EngineOptions = { cwd: opts.cwd, configFile: opts.configFile, config: opts.config, cliRules: opts.cliRules, ocr: opts.ocr, maxFileSize: opts.maxFileSize, cache: opts.cache };
  try { structuredClone(o); return o; } catch { return undefined; }
}

/** A clean file's text is not kept in the results: the run's memory must not grow with the corpus. */
function slim(r: FileResult): FileResult {
  if (r.messages.length === 0 && r.source !== undefined) { const { source: _s, ...rest } = r; return rest; }
  return r;
}

/** Lint files, folders and globs. Results come back in a stable order (the order the files were found), whatever the concurrency. */
export async function lintFiles(patterns: string[], opts: EngineOptions = {}): Promise<FileResult[]> {
  const cwd = opts.cwd ?? process.cwd();
  const resolver = new ProjectResolver(opts);
  const root = await resolver.forDir(cwd);
  const collected = await collectFiles(patterns, { cwd, extraIgnores: root.config.ignores });
  // local images referenced from Markdown/HTML are linted too, once each (src/parse/image-refs.ts)
  collected.files.push(...await referencedImageFiles(collected.files, cwd));
  const files: FileTarget[] = opts.shard ? shardFiles(collected.files, opts.shard, cwd) : collected.files;
  // results are handed on in file order as soon as they are ready (a worker may finish a later file first)
  const out: FileResult[] = [];
  const deliver = (r: FileResult) => { opts.onResult?.(r); if (opts.retain !== false) out.push(r); };
  for (const p of collected.problems) deliver(fatalResult(p.path, p.message));
  const ready = new Map<number, FileResult | null>();
  let next = 0;
  const place = (i: number, r: FileResult | null) => {
    ready.set(i, r);
    while (ready.has(next)) { const x = ready.get(next)!; ready.delete(next); next++; if (x) deliver(x); }
  };
  const cache = opts.cache ? new ResultCache(path.resolve(cwd, opts.cacheLocation ?? DEFAULT_CACHE_DIR + path.sep), buildFingerprint(engineVersion())) : undefined;
  const projects: (Project | undefined)[] = new Array(files.length);
  const todo: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    let project: Project;
    try {
      project = await resolver.forDir(path.dirname(f.path));
    } catch (e) {
      // a broken config in a sub-folder: its files get a fatal finding, the rest of the run goes on
      if (!(e instanceof ConfigError)) throw e;
      place(i, fatalResult(f.path, `The configuration for this folder could not be used: ${e.message.split('\n')[0]}`));
      continue;
    }
    projects[i] = project;
    if (cache && formatFor(f.path)) {
      let hash: string | undefined;
      try { hash = hashBytes(fs.readFileSync(f.path)); } catch { /* unreadable: lint it to report why */ }
      const hit = hash ? cache.get(f.path, hash, project.key) : undefined;
      if (hit) { place(i, hit); continue; }
    }
    todo.push(i);
  }

  let done = files.length - todo.length;
  const store = (i: number, o: FileOutcome | null) => {
    opts.onProgress?.(++done, files.length, files[i]!.path);
    if (o && cache && o.hash) cache.set(files[i]!.path, o.hash, projects[i]!.key, o.result, o.deps);
    place(i, o ? slim(o.result) : null);
  };
  const nWorkers = workerCount(opts, todo.map((i) => files[i]!.path));
  const wopts = nWorkers > 1 ? workerOptions(opts) : undefined;
  if (nWorkers > 1 && wopts) {
    const { LintPool } = await import('./pool.js');
    const pool = new LintPool(nWorkers, wopts, { fileTimeout: opts.fileTimeout });
    try {
      await Promise.all(todo.map((i) => pool.run(files[i]!.path, files[i]!.explicit).then((out) => store(i, out))));
    } finally {
      await pool.close();
    }
  } else {
    // in-process, except large files: each goes to a worker thread of its own with a memory limit, so a
    // file too big to lint gets a fatal finding instead of taking the whole run down
    const isolate = workerOptions(opts) !== undefined && opts.concurrency !== 0;
    let solo: import('./pool.js').LintPool | undefined;
    try {
      for (const i of todo) {
        const f = files[i]!;
        let big = false;
        if (isolate) { try { big = fs.statSync(f.path).size > ISOLATE_BYTES; } catch { /* reported when read */ } }
        if (big) {
          if (!solo) { const { LintPool } = await import('./pool.js'); solo = new LintPool(1, workerOptions(opts)!, { fileTimeout: opts.fileTimeout }); }
          store(i, await solo.run(f.path, f.explicit));
        } else store(i, await lintFileDetailed(f.path, f.explicit, projects[i]!, opts));
      }
    } finally {
      await solo?.close();
    }
  }
  if (cache) {
    const saved = cache.save();
    if (!saved.ok) process.emitWarning(`campaign-lint: could not write the cache ${cache.file}: ${saved.error}`);
  }
  return out;
}

/** Lint a string as if it were the file `filePath` (its extension picks the format). */
export async function lintText(text: string, options: EngineOptions & { filePath?: string } = {}): Promise<FileResult> {
  const filePath = path.resolve(options.cwd ?? process.cwd(), options.filePath ?? 'stdin.md');
  const resolver = new ProjectResolver(options);
  const project = await resolver.forDir(path.dirname(filePath));
  let doc: CampaignDocument;
  try {
    doc = await parseInput(formatFor(filePath) ? filePath : filePath + '.md', Buffer.from(text, 'utf8'), { ocr: options.ocr });
    doc.filePath = filePath;
  } catch (e) {
    return fatalResult(filePath, (e as Error).message);
  }
  return lintDocumentWith(doc, project);
}
