/**
 * A rule made of data: a list of term entries, each with patterns, a reason, suggestions and
 * context conditions. Most prose rules are this, plus a small hook where a rule needs one.
 * Every match goes through the shared context layer (src/context) before it is reported.
 */
import { z } from 'zod';
import macros from '../rules/data/macros.json' with { type: 'json' };
import { mentionContext, docOnTopic, type MentionContext } from './context/index.js';
import { documentCandidates, planItems } from './prefilter.js';
import type { CampaignDocument, Rule, RuleContext, RuleMeta, Segment, SeverityName, Suggestion } from './types.js';

const severity = z.enum(['info', 'warn', 'error']);
export const TermEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  patterns: z.array(z.string()).min(1),
  reason: z.string().min(1),
  message: z.string().optional(),
  severity: severity.optional(),
  /** severity when the text describes the campaign's own image (alt, caption, metadata, OCR) */
  imageSeverity: severity.optional(),
  suggestions: z.array(z.object({ desc: z.string(), replacement: z.string().optional() })).default([]),
  /** topic: the document is about trafficking and trafficking words are within a sentence;
   *  topic-or-person: that, or a person or body word in the same sentence; none: always */
  gate: z.enum(['topic', 'topic-or-person', 'none']).default('none'),
  /** literal or harmless senses: a match is dropped when its sentence matches one of these */
  unless: z.array(z.string()).default([]),
  /** only report when the sentence (or the one before it) also matches one of these */
  requires: z.array(z.string()).default([]),
  /** test `unless` on the next sentence too (e.g. a question answered right after it) */
  unlessNext: z.boolean().default(false),
  /** false when the negation is itself the problem ("they're not criminals") */
  negatable: z.boolean().default(true),
  /** false when a critique word in the sentence does not excuse the use */
  critiquable: z.boolean().default(true),
  /** only on in the `strict` preset */
  strict: z.boolean().default(false),
  /** only in text that describes an image (alt, caption, metadata, OCR, or prose labelled "Photo: …") */
  imageOnly: z.boolean().default(false),
  /** match case exactly (e.g. all-caps shock slogans) */
  caseSensitive: z.boolean().default(false),
  /** skip a capitalised match in mid-sentence (an organisation or product name such as "Hope Unchained") */
  skipProperNoun: z.boolean().default(false),
});
export type TermEntry = z.infer<typeof TermEntrySchema>;
export const TermDataSchema = z.object({
  $comment: z.string().optional(),
  rule: z.string(),
  message: z.string(),
  entries: z.array(TermEntrySchema).min(1),
});
export type TermData = z.input<typeof TermDataSchema>;

export interface CompiledEntry extends TermEntry { res: RegExp[]; unlessRe: RegExp[]; requiresRe: RegExp[] }

const MACROS = macros as unknown as Record<string, string>;
/** Expand {NAME} fragments from rules/data/macros.json (recursively). */
export function expandMacros(p: string, depth = 0): string {
  if (depth > 5) return p;
  return p.replace(/\{([A-Z]+)\}/g, (m, name: string) => (name in MACROS ? `(?:${expandMacros(MACROS[name]!, depth + 1)})` : m));
}

/**
 * Whole words only: a match may not start or end inside a word ("decide for them" ≠ "decide for
 * themselves"). A word character is a Unicode letter, digit or underscore. V8 compiles a
 * `[\p{L}\p{N}_]` class slowly (about 0.5 ms an expression, ~0.5 s for the built-in rules in every
 * process and worker), so each pattern is compiled with ASCII boundaries, which are exact for any text
 * whose letters and digits are all ASCII, and with the Unicode boundaries only when a text has
 * another letter or digit (`runFor`). Same matches, far less compiling.
 */
const WORD_BEFORE = { ascii: '(?<![A-Za-z0-9_])', unicode: '(?<![\\p{L}\\p{N}_])' };
const WORD_AFTER = { ascii: '(?![A-Za-z0-9_])', unicode: '(?![\\p{L}\\p{N}_])' };
const unicodeVersion = new WeakMap<RegExp, { source: string; re?: RegExp }>();
/**
 * The `i` flag is the other slow part of compiling (about 0.2 s for the built-in rules in every
 * process): for text whose letters are all ASCII, a case-insensitive pattern runs instead as a
 * lower-case pattern without `i` on the lower-cased text (same length, same offsets, same matches).
 */
const lowerVersion = new WeakMap<RegExp, { source: string; re?: RegExp }>();

/** Case-related property escapes: lower-casing the text would change what they match. */
const CASED_PROPERTY = /^(?:Lu|Ll|Lt|LC|L&|Uppercase_Letter|Lowercase_Letter|Titlecase_Letter|Cased_Letter|Uppercase|Lowercase|Upper|Lower|Cased|Case_Ignorable|CI|Changes_When_\w+|CW\w+)$/;

/**
 * The source of a pattern that, without the `i` flag, matches lower-cased text exactly where `source`
 * with `i` matches the original text; null when that cannot be shown (then the original runs).
 * Literal letters and class ranges are lower-cased; group names are kept; hex, Unicode and control
 * escapes and case-related properties give up.
 */
export function lowerCaseSource(source: string): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return null;
      if (n === 'p' || n === 'P') {
        const close = source.indexOf('}', i);
        if (source[i + 2] !== '{' || close < 0) return null;
        const name = source.slice(i + 3, close).split('=').pop()!;
        if (CASED_PROPERTY.test(name)) return null;
        out += source.slice(i, close + 1);
        i = close;
        continue;
      }
      if (n === 'k') {
        const close = source.indexOf('>', i);
        if (source[i + 2] !== '<' || close < 0) return null;
        out += source.slice(i, close + 1);
        i = close;
        continue;
      }
      if (/[xuc]/.test(n)) return null;
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') { inClass = false; out += c; continue; }
      // a range must stay within one case of ASCII letters, or hold no letters at all
      if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']' && source[i + 2] !== '\\') {
        const a = c, b = source[i + 2]!;
        const bothUpper = /[A-Z]/.test(a) && /[A-Z]/.test(b);
        const bothLower = /[a-z]/.test(a) && /[a-z]/.test(b);
        const meets = (lo: string, hi: string) => a <= hi && b >= lo;
        const noLetters = !/[A-Za-z]/.test(a + b) && !meets('A', 'Z') && !meets('a', 'z');
        if (!bothUpper && !bothLower && !noLetters) return null;
        out += a.toLowerCase() + '-' + b.toLowerCase();
        i += 2;
        continue;
      }
      out += /[A-Z]/.test(c) ? c.toLowerCase() : c;
      continue;
    }
    if (c === '[') { inClass = true; out += c; if (source[i + 1] === '^') { out += '^'; i++; } continue; }
    if (c === '(' && source[i + 1] === '?' && source[i + 2] === '<' && /[A-Za-z_$]/.test(source[i + 3] ?? '')) {
      const close = source.indexOf('>', i);
      if (close < 0) return null;
      out += source.slice(i, close + 1);
      i = close;
      continue;
    }
    out += /[A-Z]/.test(c) ? c.toLowerCase() : c;
  }
  return inClass ? null : out;
}

/** Wrap a pattern in word boundaries where it starts or ends with a word character. */
export function compilePattern(raw: string, caseSensitive = false): RegExp {
  const p = expandMacros(raw);
  const startB = !(p.startsWith('\\b') || p.startsWith('^'));
  const endB = !(p.endsWith('\\b') || p.endsWith('$') || /\(\?[=!][^()]*\)$/.test(p));
  const flags = caseSensitive ? 'gu' : 'giu';
  const source = `${startB ? WORD_BEFORE.ascii : ''}(?:${p})${endB ? WORD_AFTER.ascii : ''}`;
  const re = new RegExp(source, flags);
  if (startB || endB) unicodeVersion.set(re, { source: `${startB ? WORD_BEFORE.unicode : ''}(?:${p})${endB ? WORD_AFTER.unicode : ''}` });
  if (!caseSensitive) {
    const lower = lowerCaseSource(source);
    if (lower !== null) lowerVersion.set(re, { source: lower });
  }
  return re;
}

/** a letter or digit outside ASCII (with /iu, [A-Za-z] also matches ſ and the Kelvin sign: both are caught here) */
const NON_ASCII_WORD = /(?![\x00-\x7F])[\p{L}\p{N}]/u;
const nonAsciiWords = new Map<string, boolean>();
/** Does the text hold a letter or digit outside ASCII (so ASCII word boundaries are not exact)? */
export function hasNonAsciiWordChar(text: string): boolean {
  let v = nonAsciiWords.get(text);
  if (v === undefined) {
    // eslint-disable-next-line no-control-regex
    v = /[^\x00-\x7F]/.test(text) && NON_ASCII_WORD.test(text);
    if (nonAsciiWords.size > 10_000) nonAsciiWords.clear();
    nonAsciiWords.set(text, v);
  }
  return v;
}

let lastText = '';
let lastLower = '';
/** `text` lower-cased, when that keeps every offset (it does for text whose letters are all ASCII) */
function lowered(text: string): string | undefined {
  if (text !== lastText) { lastText = text; lastLower = text.toLowerCase(); }
  return lastLower.length === text.length ? lastLower : undefined;
}

/**
 * How to run a compiled pattern on `text`: the expression and the string to run it on (same length
 * and offsets as `text`; read matched words from `text` itself). Text with a letter or digit outside
 * ASCII gets the Unicode-boundary twin; other text the lower-case twin on the lower-cased text.
 */
export function runFor(re: RegExp, text: string): { re: RegExp; subject: string } {
  if (hasNonAsciiWordChar(text)) {
    const u = unicodeVersion.get(re);
    return { re: u ? (u.re ??= new RegExp(u.source, re.flags)) : re, subject: text };
  }
  const l = lowerVersion.get(re);
  const subject = l ? lowered(text) : undefined;
  if (!l || subject === undefined) return { re, subject: text };
  return { re: (l.re ??= new RegExp(l.source, re.flags.replace('i', ''))), subject };
}

export function compileEntries(data: unknown): CompiledEntry[] {
  return compileParsed(TermDataSchema.parse(data));
}
function compileParsed(parsed: z.infer<typeof TermDataSchema>): CompiledEntry[] {
  return parsed.entries.map((e) => ({
    ...e,
    res: e.patterns.map((p) => compilePattern(p, e.caseSensitive)),
    unlessRe: e.unless.map((u) => new RegExp(expandMacros(u), 'iu')),
    requiresRe: e.requires.map((u) => new RegExp(expandMacros(u), 'iu')),
  }));
}

const IMAGE_KINDS = new Set(['alt', 'title', 'caption', 'metadata', 'ocr', 'filename']);
/** prose that describes an image in place ("Photo: …", "Alt text: …", "Caption: …") counts as image text */
const IMAGE_LABEL = /^\s*(?:[\p{L}-]+ ){0,4}(?:photo|image|picture|illustration|caption|alt(?:[- ]text)?|image description|banner|billboard|artwork|graphic|poster|thumbnail|screenshot|still|video still|cover image|header image|hero image|stock (?:image|photo|search)|campaign (?:photo|image|visual)|storyboard|shot \d+|(?:design(?:er)?|creative|stock|photo|art) brief|(?:ad )?creative|(?:creative|art) direction|text overlay|visual|search terms)(?:,? [\p{L}\p{N}-]+){0,5}\s*:/iu;
export function isImageText(seg: Segment): boolean {
  return IMAGE_KINDS.has(seg.kind) || IMAGE_LABEL.test(seg.text) || (seg.kind === 'front-matter' && /(?:^|[:_-])(?:image|img|alt|caption|photo|thumbnail|hero)/i.test(seg.source.slice('front-matter:'.length)));
}
const LOWER: Record<SeverityName, SeverityName> = { error: 'warn', warn: 'info', info: 'info', off: 'off' };

export function matchCase(actual: string, replacement: string): string {
  if (actual && actual[0] === actual[0]!.toUpperCase() && actual[0] !== actual[0]!.toLowerCase()) {
    return replacement[0]!.toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

export interface Hit {
  entry: CompiledEntry;
  seg: Segment;
  start: number;
  end: number;
  actual: string;
  mc: MentionContext;
}

export interface TermRuleHooks {
  /** return false to drop a hit the generic checks let through, or a severity to change it */
  accept?(hit: Hit, ctx: RuleContext): boolean | SeverityName;
  /** segment kinds this rule reads (default: every prose segment) */
  kinds?: Set<string>;
  /** a severity for image text (alt, caption, metadata, OCR) */
  imageSeverity?: SeverityName;
  /** extra checks after the entries (document-level signals etc.) */
  after?(ctx: RuleContext, hits: Hit[]): void;
}

/** Is the allow-list (config `allow`) accepting this text? */
export function allowed(ctx: RuleContext, actual: string): boolean {
  const a = actual.toLowerCase();
  return ctx.settings.allow.some((t) => a === t.toLowerCase() || a.includes(t.toLowerCase()));
}

interface Slot { entry: CompiledEntry; re: RegExp }
/** per entry list: expression number → the entries and expressions it stands for (see src/prefilter.ts) */
const plans = new WeakMap<CompiledEntry[], Map<number, Slot[]>>();
function planFor(entries: CompiledEntry[]): Map<number, Slot[]> {
  let plan = plans.get(entries);
  if (!plan) {
    plan = planItems(entries.flatMap((entry) => entry.res.map((re) => ({ entry, re }))), (x) => x.re);
    plans.set(entries, plan);
  }
  return plan;
}

export function findHits(doc: CampaignDocument, entries: CompiledEntry[], strict: boolean, kinds?: Set<string>): Hit[] {
  const hits: Hit[] = [];
  const topic = docOnTopic(doc);
  const plan = planFor(entries);
  // literal prefilter (src/prefilter.ts): only the expressions whose words occur in a segment run on it
  const docCands = documentCandidates(doc);
  for (let si = 0; si < doc.segments.length; si++) {
    const seg = doc.segments[si]!;
    if (kinds && !kinds.has(seg.kind)) continue;
    const cands = docCands[si]!;
    for (let ci = 0; ci < cands.length; ci++) {
      const slots = plan.get(cands[ci]!);
      if (!slots) continue;
      for (const { entry, re: compiled } of slots) {
        if (entry.strict && !strict) continue;
        if (entry.imageOnly && !isImageText(seg)) continue;
        const { re, subject } = runFor(compiled, seg.text);
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(subject))) {
          if (m[0].length === 0) { re.lastIndex++; continue; }
          const start = m.index, end = m.index + m[0].length;
          const mc = mentionContext(doc, seg, start, end);
          if (entry.critiquable && (mc.critique || mc.mentioned)) continue;
          if (entry.negatable && mc.negated) continue;
          if (entry.gate === 'topic' && !mc.traffickingContext) continue;
          if (entry.gate === 'topic-or-person' && !(mc.person || (topic && mc.traffickingContext))) continue;
          const unlessText = entry.unlessNext && mc.next ? mc.sentence.text + ' ' + mc.next.text : mc.sentence.text;
          if (entry.unlessRe.some((u) => u.test(unlessText))) continue;
          const reqText = mc.prev ? mc.prev.text + ' ' + mc.sentence.text : mc.sentence.text;
          if (entry.requiresRe.length && !entry.requiresRe.some((u) => u.test(reqText))) continue;
          if (entry.skipProperNoun && /^\p{Lu}/u.test(seg.text.slice(start, end)) && (start > mc.sentence.start || /^\s+\p{Lu}/u.test(seg.text.slice(end)))) continue;
          hits.push({ entry, seg, start, end, actual: seg.text.slice(start, end), mc });
        }
      }
    }
  }
  return hits;
}

/**
 * Term rules compile their data on first use, all together (so the prefilter's automaton is built
 * once): a run that lints nothing (--cache hits, --list-rules, a main thread that hands files to
 * workers) does not pay for compiling ~600 expressions.
 */
const pendingCompiles: (() => void)[] = [];
function compileAllTermRules(): void {
  while (pendingCompiles.length) pendingCompiles.shift()!();
}

/** Build a rule from data and optional hooks. */
export function termRule(meta: RuleMeta, data: unknown, hooks: TermRuleHooks = {}): Rule & { entries: CompiledEntry[] } {
  let parsed: z.infer<typeof TermDataSchema> | undefined;
  let compiled: CompiledEntry[] | undefined;
  const compile = () => {
    if (compiled) return;
    parsed = TermDataSchema.parse(data);
    compiled = compileParsed(parsed);
    planFor(compiled); // number the expressions now, so the automaton is built once
  };
  pendingCompiles.push(compile);
  const ready = () => { compileAllTermRules(); compile(); return compiled!; };
  return {
    meta,
    get entries() { return ready(); },
    check(ctx) {
      const entries = ready();
      const strict = ctx.options.strict === true;
      const hits = findHits(ctx.doc, entries, strict, hooks.kinds);
      const kept: Hit[] = [];
      // one report per span: the earliest, longest match wins among overlapping hits of this rule
      hits.sort((a, b) => a.seg.id - b.seg.id || a.start - b.start || b.end - a.end);
      for (const h of hits) {
        const last = kept[kept.length - 1];
        if (last && last.seg === h.seg && h.start < last.end) continue;
        if (allowed(ctx, h.actual)) continue;
        let sev: SeverityName = h.entry.severity ?? meta.severity;
        if (isImageText(h.seg)) sev = h.entry.imageSeverity ?? hooks.imageSeverity ?? sev;
        if (h.seg.kind === 'filename') sev = LOWER[sev];
        const verdict = hooks.accept ? hooks.accept(h, ctx) : true;
        if (verdict === false) continue;
        if (typeof verdict === 'string') sev = verdict;
        if (h.mc.reported) sev = 'info';
        kept.push(h);
        const suggestions: Suggestion[] = h.entry.suggestions.map((s) => (s.replacement ? { ...s, replacement: matchCase(h.actual, s.replacement) } : s));
        const single = suggestions.filter((s) => s.replacement);
        const quotedNote = h.mc.reported ? ' (This is quoted speech: check it is needed, attributed and consented.)' : '';
        ctx.report({
          segment: h.seg,
          start: h.start,
          end: h.end,
          severity: sev,
          message: (h.entry.message ?? parsed!.message).replace('{actual}', h.actual) + ' ' + h.entry.reason + quotedNote,
          suggestions,
          fix: single.length === 1 && suggestions.length === 1 && meta.fixable ? single[0]!.replacement : undefined,
        });
      }
      hooks.after?.(ctx, kept);
    },
  };
}
