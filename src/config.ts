/**
 * Configuration: found upward from the linted files (campaign-lint.config.{js,mjs,json},
 * .campaignlintrc.json, or a "campaign-lint" key in package.json), validated with zod so a
 * mistyped key, unknown rule id or bad severity is reported with the file and the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig, type Loader } from 'lilconfig';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { ProjectSettings, Rule, SeverityName } from './types.js';
import type { RuleSetting } from './linter.js';

export class ConfigError extends Error {
  constructor(message: string, public file?: string) { super(message); }
}

const SEVERITIES = ['off', 'info', 'warn', 'error'] as const;
const severitySchema = z.union([z.enum(SEVERITIES), z.literal('warning').transform(() => 'warn' as const), z.literal(0).transform(() => 'off' as const), z.literal(1).transform(() => 'warn' as const), z.literal(2).transform(() => 'error' as const)]);
const ruleEntry = z.union([severitySchema, z.tuple([severitySchema]).rest(z.record(z.string(), z.unknown()))]);
const rulesSchema = z.record(z.string(), ruleEntry);

const baseShape = {
  rules: rulesSchema.optional(),
  allow: z.array(z.string()).optional(),
};
export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  extends: z.union([z.string(), z.array(z.string())]).optional(),
  ...baseShape,
  overrides: z.array(z.strictObject({ files: z.union([z.string(), z.array(z.string())]), ...baseShape })).optional(),
  ignores: z.array(z.string()).optional(),
  plugins: z.array(z.string()).optional(),
  localAction: z.strictObject({ resources: z.array(z.string()).default([]), minWords: z.number().optional() }).optional(),
  statistics: z.strictObject({ sources: z.array(z.string()).default([]), registry: z.array(z.unknown()).default([]) }).optional(),
  languages: z.array(z.string()).optional(),
  consent: z.array(z.string()).optional(),
  ocr: z.boolean().optional(),
  images: z.strictObject({ consent: z.array(z.string()).default([]) }).optional(),
});
export type UserConfig = z.infer<typeof ConfigSchema>;

export interface ResolvedConfig {
  file?: string;
  dir: string;
  strict: boolean;
  ruleSettings: Record<string, RuleSetting>;
  settings: ProjectSettings;
  overrides: { match: (rel: string) => boolean; rules: Record<string, RuleSetting>; allow: string[] }[];
  ignores: string[];
  plugins: string[];
  ocr?: boolean;
}

const CONFIG_NAMES = ['campaign-lint.config.js', 'campaign-lint.config.mjs', 'campaign-lint.config.json', '.campaignlintrc.json', '.campaignlintrc', 'package.json'];

const jsLoader: Loader = async (filepath) => {
  try {
    const mod = await import(pathToFileURL(filepath).href);
    return mod.default ?? mod;
  } catch (e) {
    throw new ConfigError(`${filepath}: could not load the config: ${String((e as Error)?.message ?? e).split('\n')[0]}. Fix the error in that file and run again.`, filepath);
  }
};
const jsonLoader: Loader = (filepath, content) => {
  try { return JSON.parse(content); } catch (e) { throw new ConfigError(`${filepath}: not valid JSON (${(e as Error).message}). Fix the syntax and run again.`, filepath); }
};

const explorer = lilconfig('campaign-lint', {
  searchPlaces: CONFIG_NAMES,
  loaders: { '.js': jsLoader, '.mjs': jsLoader, '.json': jsonLoader, noExt: jsonLoader },
});

function formatZodIssue(file: string, issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${file}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}${issue.path.length ? ` in "${key}"` : ''}. Check the spelling; see README "Configuration" for the keys.`;
  if (issue.path[0] === 'rules' || (issue.path[0] === 'overrides' && issue.path.includes('rules'))) return `${file}: "${key}" must be "off", "info", "warn" or "error" (or ["warn", { options }]).`;
  return `${file}: "${key}": ${issue.message}.`;
}

function toSettings(rules: Record<string, z.infer<typeof ruleEntry>> | undefined, known: Set<string>, file: string, where: string): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(rules ?? {})) {
    if (!known.has(id)) {
      const near = [...known].find((k) => k.startsWith(id.slice(0, 4)) || id.startsWith(k.slice(0, 4)));
      throw new ConfigError(`${file}: unknown rule "${id}" in "${where}".${near ? ` Did you mean "${near}"?` : ''} Run \`campaign-lint --list-rules\` to see the rule ids.`, file);
    }
    const [sev, opts] = Array.isArray(v) ? [v[0], (v[1] ?? {}) as Record<string, unknown>] : [v, {}];
    out[id] = { severity: sev as SeverityName, options: opts, explicit: true };
  }
  return out;
}

export function presetSettings(rules: Rule[], preset: 'recommended' | 'strict'): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const r of rules) {
    const on = preset === 'strict' ? true : r.meta.recommended && !r.meta.strictOnly;
    out[r.meta.id] = { severity: on ? r.meta.severity : 'off', options: {}, explicit: false };
  }
  return out;
}

export async function loadConfigFile(file: string): Promise<unknown> {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: config file not found. Check the --config path.`, file);
  try {
    const res = await explorer.load(path.resolve(file));
    return res?.config ?? {};
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${file}: could not load the config: ${(e as Error).message.split('\n')[0]}`, file);
  }
}

export async function findConfig(startDir: string): Promise<{ file?: string; config: unknown }> {
  try {
    const res = await explorer.search(startDir);
    if (!res || res.isEmpty) return { config: {} };
    return { file: res.filepath, config: res.config ?? {} };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`could not load a config file above ${startDir}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function resolveConfig(raw: unknown, file: string | undefined, rules: Rule[], cliRules: Record<string, SeverityName> = {}): ResolvedConfig {
  const label = file ?? 'config';
  const parsed = ConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(formatZodIssue(label, parsed.error.issues[0]!), file);
  const c = parsed.data;
  const known = new Set(rules.map((r) => r.meta.id));
  const ext = c.extends === undefined ? ['recommended'] : Array.isArray(c.extends) ? c.extends : [c.extends];
  let strict = false;
  for (const e of ext) {
    const name = e.replace(/^campaign-lint:/, '');
    if (name === 'strict') strict = true;
    else if (name !== 'recommended') throw new ConfigError(`${label}: "extends" must be "recommended" or "strict", not "${e}".`, file);
  }
  const ruleSettings = { ...presetSettings(rules, strict ? 'strict' : 'recommended'), ...toSettings(c.rules, known, label, 'rules') };
  for (const [id, sev] of Object.entries(cliRules)) {
    if (!known.has(id)) throw new ConfigError(`--rule: unknown rule "${id}". Run \`campaign-lint --list-rules\` to see the rule ids.`);
    ruleSettings[id] = { severity: sev, options: ruleSettings[id]?.options ?? {}, explicit: true };
  }
  const dir = file ? path.dirname(file) : process.cwd();
  return {
    file,
    dir,
    strict,
    ruleSettings,
    settings: {
      allow: c.allow ?? [],
      localAction: { resources: c.localAction?.resources ?? [], minWords: c.localAction?.minWords },
      statistics: { sources: c.statistics?.sources ?? [], registry: c.statistics?.registry ?? [] },
      languages: c.languages ?? [],
      consent: [...(c.consent ?? []), ...(c.images?.consent ?? [])],
    },
    overrides: (c.overrides ?? []).map((o, i) => {
      const globs = Array.isArray(o.files) ? o.files : [o.files];
      const isMatch = picomatch(globs, { dot: true, matchBase: !globs.some((g) => g.includes('/')) });
      return { match: (rel: string) => isMatch(rel), rules: toSettings(o.rules, known, label, `overrides[${i}].rules`), allow: o.allow ?? [] };
    }),
    ignores: c.ignores ?? [],
    plugins: c.plugins ?? [],
    ocr: c.ocr,
  };
}

/** The rule settings and allow-list that apply to one file (overrides by glob, relative to the config's folder). */
export function configForFile(cfg: ResolvedConfig, filePath: string): { ruleSettings: Record<string, RuleSetting>; settings: ProjectSettings } {
  const rel = path.relative(cfg.dir, filePath).split(path.sep).join('/');
  let ruleSettings = cfg.ruleSettings;
  let settings = cfg.settings;
  for (const o of cfg.overrides) {
    if (!o.match(rel)) continue;
    ruleSettings = { ...ruleSettings, ...o.rules };
    if (o.allow.length) settings = { ...settings, allow: [...settings.allow, ...o.allow] };
  }
  return { ruleSettings, settings };
}
