/**
 * The statistics registry (rules/data/statistics.json plus a project's `statistics.registry`):
 * known myths, outdated and mislabelled figures and sound figures, each with the phrasings that
 * recognise it. Patterns are regular expressions with a few macros, expanded here:
 *   {~}        optional hedges (about, over, nearly, an estimated, ~ ...)
 *   {n:27000000}  a number in its usual forms (27 million, 27m, 27,000,000, twenty-seven million)
 *   {$}        a dollar sign, US$ or USD
 *   {pct:79}   a percentage (79%, 79 percent, seventy-nine per cent)
 */
import { z } from 'zod';
import builtin from '../../rules/data/statistics.json' with { type: 'json' };

export const StatSourceSchema = z.object({
  org: z.string().min(1),
  title: z.string().min(1),
  year: z.number().int().min(1800).max(2100),
  url: z.string().url(),
});
export type StatSource = z.infer<typeof StatSourceSchema>;

export const StatEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by hyphens'),
  /** a short name for the claim, used in messages */
  label: z.string().min(1).optional(),
  patterns: z.array(z.string().min(1)).min(1),
  status: z.enum(['myth', 'outdated', 'mislabel', 'sound']),
  why: z.string().min(1),
  /** the sound figure to use instead, in words a reader can paste */
  replacement: z.string().min(1),
  /** sources[0] supports the replacement figure; the rest are the evidence for `why` */
  sources: z.array(StatSourceSchema).min(1),
  /** the year the figure dates from */
  year: z.number().int().min(1800).max(2100),
  /** patterns recognising the current figure: an outdated figure shown with its year next to it is only info */
  current: z.array(z.string()).default([]),
  /** the sentence must also match one of these */
  requires: z.array(z.string()).default([]),
  /** the sentence must not match any of these */
  unless: z.array(z.string()).default([]),
}).strict();
export type StatEntry = z.infer<typeof StatEntrySchema>;

export const RegistrySchema = z.object({
  $comment: z.string().optional(),
  entries: z.array(StatEntrySchema).min(1),
}).strict();

export interface CompiledStat extends StatEntry {
  res: RegExp[];
  currentRe: RegExp[];
  requiresRe: RegExp[];
  unlessRe: RegExp[];
}

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** A regex for the English words of an integer 1..999 ("twenty[- ]seven", "(?:one|a) hundred (?:and )?fifty"). */
export function numberWordsRe(n: number): string {
  if (n <= 0 || n >= 1000 || !Number.isInteger(n)) return '';
  const parts: string[] = [];
  const h = Math.floor(n / 100), rest = n % 100;
  if (h) parts.push(h === 1 ? '(?:one|a) hundred' : `${ONES[h]} hundred`);
  if (rest) {
    const words = rest < 20 ? ONES[rest]! : TENS[Math.floor(rest / 10)]! + (rest % 10 ? `[- ]${ONES[rest % 10]}` : '');
    parts.push(words);
  }
  return parts.join(' (?:and )?');
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function digitsRe(v: number): string {
  const s = String(v);
  const groups: string[] = [];
  for (let i = s.length; i > 0; i -= 3) groups.unshift(s.slice(Math.max(0, i - 3), i));
  return groups.join('[,.\\s]?');
}

/** Every usual way of writing the number v. */
export function numberRe(v: number): string {
  const alts: string[] = [];
  if (Number.isInteger(v)) alts.push(`${digitsRe(v)}(?![\\d,.]*\\d)`);
  const scales: [number, string, string][] = [[1e9, 'billion', 'bn|b'], [1e6, 'million', 'mn|m'], [1e3, 'thousand', 'k']];
  for (const [scale, long, short] of scales) {
    if (v < scale) continue;
    const x = Math.round((v / scale) * 100) / 100;
    if (Math.abs(x * scale - v) > 1e-6 * v) break;
    const xs = esc(String(x));
    alts.push(`${xs}\\s*${long}\\b`, `${xs}(?:${short})\\b`);
    if (Number.isInteger(x)) {
      const w = numberWordsRe(x);
      if (w) alts.push(`${w}\\s+${long}\\b`);
    }
    break;
  }
  return `(?<![\\d.,])(?:${alts.join('|')})`;
}

export function percentRe(v: number): string {
  const w = numberWordsRe(v);
  return `(?<![\\d.,])(?:${esc(String(v))}\\s?(?:%|percent\\b|per cent\\b)${w ? `|${w}\\s+(?:percent|per cent)\\b` : ''})`;
}

const HEDGE = '(?:(?:about|around|approximately|approx\\.?|roughly|nearly|almost|over|more than|at least|some|an estimated|estimated|as many as|up to|close to|upwards of|~|≈)\\s*)*';

export function expandMacros(p: string): string {
  return p
    .replace(/\{~\}/g, HEDGE)
    .replace(/\{\$\}/g, '(?:US\\s?\\$|\\$|USD\\s?)\\s?')
    .replace(/\{n:([\d.]+)\}/g, (_, v: string) => numberRe(Number(v)))
    .replace(/\{pct:([\d.]+)\}/g, (_, v: string) => percentRe(Number(v)));
}

function compile(e: StatEntry): CompiledStat {
  const mk = (p: string, flags: string) => new RegExp(expandMacros(p), flags);
  return {
    ...e,
    res: e.patterns.map((p) => mk(`(?<![\\w])(?:${p})`, 'gi')),
    currentRe: e.current.map((p) => mk(p, 'i')),
    requiresRe: e.requires.map((p) => mk(p, 'i')),
    unlessRe: e.unless.map((p) => mk(p, 'i')),
  };
}

/** Validate registry entries; the error names the entry and the field in plain words. */
export function parseEntries(raw: unknown[], where: string): StatEntry[] {
  return raw.map((r, i) => {
    const res = StatEntrySchema.safeParse(r);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      const id = typeof (r as { id?: unknown })?.id === 'string' ? ` "${(r as { id: string }).id}"` : '';
      throw new Error(`${where}: entry ${i + 1}${id} is not valid: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
    }
    for (const p of [...res.data.patterns, ...res.data.current, ...res.data.requires, ...res.data.unless]) {
      try { new RegExp(expandMacros(p), 'i'); } catch (err) {
        throw new Error(`${where}: entry ${i + 1}${id(res.data)} has a pattern that is not a valid regular expression (${p}): ${(err as Error).message}`);
      }
    }
    return res.data;
  });
}
const id = (e: StatEntry) => ` "${e.id}"`;

export const BUILTIN: CompiledStat[] = RegistrySchema.parse(builtin).entries.map(compile);

const cache = new WeakMap<unknown[], CompiledStat[]>();
/** The built-in registry plus a project's entries (an entry with a built-in id replaces it). */
export function registry(extra: unknown[] = []): CompiledStat[] {
  if (!extra.length) return BUILTIN;
  let r = cache.get(extra);
  if (!r) {
    const mine = parseEntries(extra, 'statistics.registry in your campaign-lint config').map(compile);
    const ids = new Set(mine.map((e) => e.id));
    r = [...BUILTIN.filter((e) => !ids.has(e.id)), ...mine];
    cache.set(extra, r);
  }
  return r;
}

export function formatSource(s: StatSource): string {
  return `${s.org}, "${s.title}" (${s.year}), ${s.url}`;
}

/** Plain-text listing of the registry for --explain unsound-statistic. */
export function explainRegistry(entries: CompiledStat[] = BUILTIN): string {
  const lines = ['## The statistics registry', '', `${entries.length} entries. Add your own with statistics.registry in the config.`, ''];
  for (const e of entries) {
    lines.push(`- ${e.label ?? e.id} [${e.status}, from ${e.year}] (${e.id})`);
    lines.push(`  Why: ${e.why}`);
    lines.push(`  Use instead: ${e.replacement}`);
    lines.push(`  Source: ${formatSource(e.sources[0]!)}`);
  }
  return lines.join('\n');
}
