/**
 * The engine: files and configuration around the pure Linter. Finds each file's config,
 * reads and decodes it, parses it into the document model, and lints it. A file that cannot be
 * read or parsed yields one fatal finding and the run goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { builtinRules } from '../rules/index.js';
import { ConfigError, configForFile, findConfig, loadConfigFile, resolveConfig, type ResolvedConfig } from './config.js';
import { collectFiles } from './files.js';
import { fatalResult, lintDocument } from './linter.js';
import { InputError, formatFor, parseInput, supportedExtensions } from './parse/index.js';
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

export async function loadPlugins(specs: string[], baseDir: string): Promise<Rule[]> {
  const out: Rule[] = [];
  for (const spec of specs) {
    let url: string;
    if (spec.startsWith('.') || path.isAbsolute(spec)) url = pathToFileURL(path.resolve(baseDir, spec)).href;
    else {
      try { url = pathToFileURL(createRequire(path.join(baseDir, 'noop.js')).resolve(spec)).href; } catch {
        throw new ConfigError(`plugin "${spec}" was not found from ${baseDir}. Install it (npm install ${spec}) or fix the path.`);
      }
    }
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
}

/** Resolve config + plugins for a folder (cached per config file). */
export class ProjectResolver {
  private byDir = new Map<string, Promise<Project>>();
  private byFile = new Map<string, Promise<Project>>();
  constructor(private opts: EngineOptions) {}

  private async build(raw: unknown, file: string | undefined): Promise<Project> {
    const dir = file ? path.dirname(file) : (this.opts.cwd ?? process.cwd());
    const pre = (raw && typeof raw === 'object' && Array.isArray((raw as { plugins?: unknown }).plugins)) ? (raw as { plugins: string[] }).plugins : [];
    const plugins = await loadPlugins(pre, dir);
    const all = [...builtinRules, ...plugins];
    const config = resolveConfig(raw, file, all, this.opts.cliRules);
    return { config, rules: new Map(all.map((r) => [r.meta.id, r])) };
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

export async function lintOneFile(filePath: string, explicit: boolean, project: Project, opts: EngineOptions): Promise<FileResult | null> {
  const fmt = formatFor(filePath);
  if (!fmt) {
    if (!explicit) return null;
    return fatalResult(filePath, `campaign-lint cannot read "${path.extname(filePath) || 'extensionless'}" files. Supported: ${supportedExtensions().join(' ')}.`);
  }
  let buf: Buffer;
  try {
    const st = await fs.promises.stat(filePath);
    if (!st.isFile()) return fatalResult(filePath, 'This is not a regular file.');
    const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (st.size > max) return fatalResult(filePath, `This file is ${(st.size / 1048576).toFixed(1)} MB, over the ${(max / 1048576).toFixed(0)} MB limit. Split it, or raise the limit with --max-file-size.`);
    buf = await fs.promises.readFile(filePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fatalResult(filePath, code === 'EACCES' ? 'Permission denied: campaign-lint cannot read this file.' : code === 'ENOENT' ? 'The file disappeared before it could be read.' : `Could not read this file (${code ?? (e as Error).message}).`);
  }
  if (buf.length === 0) return fatalResult(filePath, 'This file is empty: there is nothing to check.');
  let doc: CampaignDocument;
  try {
    doc = await parseInput(filePath, buf, { ocr: opts.ocr ?? project.config.ocr, maxFileSize: opts.maxFileSize });
  } catch (e) {
    if (e instanceof InputError) return fatalResult(filePath, e.message);
    return fatalResult(filePath, `Could not parse this file: ${(e as Error).message.split('\n')[0]}`);
  }
  return lintDocumentWith(doc, project);
}

/** Lint files, folders and globs. Results come back in a stable (sorted) order. */
export async function lintFiles(patterns: string[], opts: EngineOptions = {}): Promise<FileResult[]> {
  const cwd = opts.cwd ?? process.cwd();
  const resolver = new ProjectResolver(opts);
  const root = await resolver.forDir(cwd);
  const { files, problems } = await collectFiles(patterns, { cwd, extraIgnores: root.config.ignores });
  const results: FileResult[] = problems.map((p) => fatalResult(p.path, p.message));
  for (const f of files) {
    const project = await resolver.forDir(path.dirname(f.path));
    const r = await lintOneFile(f.path, f.explicit, project, opts);
    if (r) results.push(r);
  }
  return results;
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
