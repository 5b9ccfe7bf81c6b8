/**
 * local-action (document-level): an awareness piece (poster, social post, flyer, appeal) that raises
 * the alarm but gives the reader nothing local and concrete to do. Reports, research, training, news
 * and press texts are not calls to action; the genre comes from front matter `type:` or, for a bare
 * passage, from the text itself. Signal lists live in rules/data/local-action.json.
 */
import { z } from 'zod';
import { mayMatch, registerRegexes, segmentLower } from '../src/prefilter.js';
import raw from './data/local-action.json' with { type: 'json' };
import { analyze, mentionContext, sentenceIndexAt, splitHashtags } from '../src/context/index.js';
import { isImageText } from '../src/term-rule.js';
import type { CampaignDocument, Rule, Segment, Suggestion } from '../src/types.js';

const pattern = z.string().refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'not a valid regular expression');
const Schema = z.object({
  $comment: z.string().optional(),
  rule: z.literal('local-action'),
  longFormWords: z.number().int().positive(),
  caseSensitive: z.array(z.string()),
  genres: z.object({
    frontMatterKeys: z.array(z.string()).min(1),
    awareness: z.array(z.string()).min(1),
    notCallToAction: z.array(z.string()).min(1),
    textSignals: z.record(z.string(), pattern),
  }),
  alarm: z.object({
    $comment: z.string().optional(),
    exhortation: z.array(pattern).min(1),
    urgency: z.array(pattern).min(1),
    rhetoricalQuestion: pattern,
    notRhetorical: pattern,
    hashtag: pattern,
    vocative: pattern,
  }),
  symbolic: z.object({ $comment: z.string().optional(), patterns: z.array(pattern).min(1), atEvent: pattern }),
  harm: pattern,
  action: z.object({ $comment: z.string().optional(), verbs: z.array(pattern).min(1) }).catchall(z.union([pattern, z.string()])),
  linkCallToAction: pattern,
  defaultResources: z.array(z.string()).min(1),
});
export const data = Schema.parse(raw);

/**
 * The context layer also counts a "correction" in the next sentence as critique ("Do traffickers kidnap
 * people? No."). A slogan after a claim ("No demand, no victims.") is not one, and a real correction
 * of a narrow definition would name labour anyway; so here critique means the sentence itself or a
 * strong marker before it (the context layer's own vocabulary).
 */
export function criticised(doc: CampaignDocument, seg: Segment, start: number, end: number): boolean {
  const mc = mentionContext(doc, seg, start, end);
  if (mc.quoted && mc.mentioned) return true;
  // only critique in this sentence or a strong marker before it: a correction in the next sentence
  // ("No demand, no victims.") does not take back a call to action or a definition
  return mc.critiqueFrom === 'sentence' || mc.critiqueFrom === 'before';
}

/** Segment kinds that describe an image rather than being the piece's own copy. */
const DESCRIPTIVE = new Set(['alt', 'caption', 'metadata', 'filename']);

/** The piece's own prose (image descriptions excluded). */
export function copySegments(doc: CampaignDocument): Segment[] {
  return doc.segments.filter((s) => !DESCRIPTIVE.has(s.kind));
}

export function wordCount(segs: Segment[]): number {
  return segs.reduce((n, s) => n + (s.text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0), 0);
}

export type GenreKind = 'awareness' | 'not-cta' | 'unknown';
export interface Genre { kind: GenreKind; why: string; declared: boolean }

const lowerList = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
const AWARENESS = lowerList(data.genres.awareness);
const NOT_CTA = lowerList(data.genres.notCallToAction);
const TEXT_SIGNALS = Object.entries(data.genres.textSignals).map(([k, v]) => [k, new RegExp(v, k === 'imageDescription' ? 'i' : 'i')] as const);

/** The declared genre from front matter (`type: poster`), if any. */
export function declaredGenre(doc: CampaignDocument): Genre | undefined {
  for (const key of data.genres.frontMatterKeys) {
    const v = doc.frontMatter[key];
    if (typeof v !== 'string') continue;
    const t = v.trim().toLowerCase().replace(/[\s_]+/g, '-');
    if (AWARENESS.has(t) || AWARENESS.has(t.replace(/-/g, ' '))) return { kind: 'awareness', why: `front matter ${key}: ${v}`, declared: true };
    if (NOT_CTA.has(t) || NOT_CTA.has(t.replace(/-/g, ' '))) return { kind: 'not-cta', why: `front matter ${key}: ${v}`, declared: true };
  }
  return undefined;
}

/** Genre signals in the text itself: news, press, research, training, image description. */
export function textGenre(doc: CampaignDocument): Genre | undefined {
  const segs = copySegments(doc);
  for (const [name, re] of TEXT_SIGNALS) {
    if (name === 'imageDescription') {
      if (segs.length > 0 && re.test(segs[0]!.text.trim())) return { kind: 'not-cta', why: 'an image description', declared: false };
      continue;
    }
    if (segs.some((s) => re.test(s.text))) return { kind: 'not-cta', why: name, declared: false };
  }
  return undefined;
}

const flags = (key: string) => (data.caseSensitive.includes(key) ? 'u' : 'iu');
const ACTION_SOURCES: [string, string][] = Object.entries(data.action)
  .filter(([k]) => k !== '$comment' && k !== 'verbs')
  .map(([k, v]) => [v as string, flags(k)] as [string, string])
  .concat(data.action.verbs.map((v) => [`\\b(${v})`, 'iu'] as [string, string]));
/** the action patterns, run only where the literal prefilter (src/prefilter.ts) finds their words */
const ACTION: RegExp[] = ACTION_SOURCES.map(([src, f]) => new RegExp(src, f));
/** the date-and-time expression: the only kind of step a symbolic gesture can make look concrete */
const DATE_ACTION = new Set(ACTION.filter((re) => re.source === data.action.time));
registerRegexes(ACTION);

const LINK_CTA = new RegExp(data.linkCallToAction, 'iu');
const AT_EVENT = new RegExp(data.symbolic.atEvent, 'iu');
const SYMBOLIC_GATE = new RegExp(data.symbolic.patterns.map((p) => `\\b(?:${p})`).join('|'), 'iu');
/**
 * When the action found at `at` is in a sentence that asks for a symbolic gesture ("wear blue on
 * Friday"), the end of that sentence; undefined when the sentence asks for no gesture.
 */
function symbolicSentenceEnd(s: Segment, at: number): number | undefined {
  const a = analyze(s);
  const sent = a.sentences[sentenceIndexAt(a, at)]!;
  const text = s.text.slice(sent.start, sent.end);
  // a gesture made at an event with a place ("take the pledge at our pancake breakfast, June 15") is attending the event
  return SYMBOLIC_GATE.test(text) && !AT_EVENT.test(text) ? Math.max(sent.end, at + 1) : undefined;
}

/** A concrete step found in the piece (any segment, links included), or undefined. */
export function concreteAction(doc: CampaignDocument, resources: string[]): string | undefined {
  for (const s of doc.segments) {
    // a link is a step when it is offered as one (mailto/tel, or a sentence that asks the reader to act),
    // not when it cites a source ("According to the ILO's report")
    for (const l of s.links ?? []) {
      if (/^(mailto:|tel:|sms:)/i.test(l.url)) return 'a contact link';
      if (!/^(https?:|www\.)/i.test(l.url)) continue;
      if (!LINK_CTA.test(s.text)) continue; // nothing in the segment asks the reader to act: no need to find the sentence
      const a = analyze(s);
      const sent = a.sentences.find((x) => l.start >= x.start && l.start < x.end) ?? { start: 0, end: s.text.length };
      if (LINK_CTA.test(s.text.slice(sent.start, sent.end))) return 'a link';
    }
    const lower = segmentLower(s);
    for (const re of ACTION) {
      if (!mayMatch(re, lower)) continue;
      const m = re.exec(s.text);
      if (!m) continue;
      // only a date or time can be borrowed by a gesture ("wear blue on Friday"); any other step stands
      if (!DATE_ACTION.has(re) || !SYMBOLIC_GATE.test(s.text)) return m[0];
      // a step in a sentence that only asks for a gesture does not count; look on after that sentence
      for (let from = 0, found: RegExpExecArray | null = m; found; found = re.exec(s.text.slice(from))) {
        const at = from + found.index;
        const end = symbolicSentenceEnd(s, at);
        if (end === undefined) return found[0];
        from = end;
      }
    }
    const low = s.text.toLowerCase();
    const r = resources.find((x) => x.trim() && low.includes(x.toLowerCase().trim()));
    if (r) return r;
  }
  return undefined;
}

/** exhortations, symbolic gestures included: both urge readers on */
const EXHORTATIONS = [...data.alarm.exhortation, ...data.symbolic.patterns];
const EXHORT = EXHORTATIONS.map((p) => p.startsWith('^') ? { anchored: true, re: new RegExp(`^["'“‘(\\s]*(?:${p.slice(1)})`, 'iu') } : { anchored: false, re: new RegExp(`\\b(?:${p})`, 'giu') });
const URGENCY = data.alarm.urgency.map((p) => new RegExp(`\\b(?:${p})\\b`, 'giu'));
const RHETORICAL = new RegExp(data.alarm.rhetoricalQuestion, 'giu');
const NOT_RHETORICAL = new RegExp(data.alarm.notRhetorical, 'iu');
const HASHTAG = new RegExp(data.alarm.hashtag, 'gu');
const VOCATIVE = new RegExp(data.alarm.vocative, 'iu');
const HARM = new RegExp(`\\b(${data.harm})`, 'iu');
/**
 * Can a segment hold any alarm signal at all? The same patterns, unanchored and case-insensitive, on
 * the whole segment: whatever matches in one of its sentences matches here, so a segment that fails
 * this is skipped without being parsed into sentences. One expression per pattern, each asked only
 * when the literal prefilter (src/prefilter.ts) finds its words in the segment.
 */
const ALARM_GATE = [
  ...EXHORTATIONS.map((p) => (p.startsWith('^') ? p.slice(1) : `\\b(?:${p})`)),
  ...data.alarm.urgency.map((p) => `\\b(?:${p})\\b`),
  data.alarm.rhetoricalQuestion,
  '#[A-Za-z]',
  data.alarm.vocative.replace(/^\^/, ''),
].map((x) => new RegExp(x, 'iu'));
registerRegexes(ALARM_GATE);
const mayAlarm = (seg: Segment) => { const lower = segmentLower(seg); return ALARM_GATE.some((re) => mayMatch(re, lower) && re.test(seg.text)); };

export interface AlarmHit { text: string; kind: 'exhortation' | 'urgency' | 'question' | 'hashtag' | 'vocative' }

/** Exhortations and alarm signals used in the piece's own voice (not quoted, not criticised). */
export function alarmSignals(doc: CampaignDocument): AlarmHit[] {
  const out: AlarmHit[] = [];
  for (const seg of copySegments(doc)) {
    if (!mayAlarm(seg)) continue;
    const a = analyze(seg);
    // words quoted in a description of an image ("Poster art: … beside the words 'Forced labour is everywhere'") are the image's copy, not this piece urging its readers on
    const described = isImageText(seg);
    const keep = (start: number, end: number) => {
      const mc = mentionContext(doc, seg, start, end);
      return !mc.quoted && !(described && mc.onScreen) && !criticised(doc, seg, start, end);
    };
    for (const sent of a.sentences) {
      const text = seg.text.slice(sent.start, sent.end);
      for (const { anchored, re } of EXHORT) {
        if (anchored) {
          const m = re.exec(text);
          if (m && keep(sent.start, sent.start + m[0].length)) out.push({ text: m[0].trim(), kind: 'exhortation' });
          continue;
        }
        re.lastIndex = 0;
        for (let m; (m = re.exec(text));) if (keep(sent.start + m.index, sent.start + m.index + m[0].length)) out.push({ text: m[0], kind: 'exhortation' });
      }
      for (const re of URGENCY) {
        re.lastIndex = 0;
        for (let m; (m = re.exec(text));) if (keep(sent.start + m.index, sent.start + m.index + m[0].length)) out.push({ text: m[0], kind: 'urgency' });
      }
      RHETORICAL.lastIndex = 0;
      for (let m; (m = RHETORICAL.exec(text));) {
        if (NOT_RHETORICAL.test(m[0])) continue;
        if (keep(sent.start + m.index, sent.start + m.index + m[0].length)) out.push({ text: m[0], kind: 'question' });
      }
      HASHTAG.lastIndex = 0;
      for (let m; (m = HASHTAG.exec(text));) out.push({ text: m[0].trim(), kind: 'hashtag' });
      const v = VOCATIVE.exec(text.trim());
      if (v) out.push({ text: v[0], kind: 'vocative' });
    }
  }
  return out;
}

function suggestions(resources: string[]): Suggestion[] {
  const list = resources.length ? resources : data.defaultResources;
  return [
    ...list.map((r) => ({ desc: `Add a concrete step, e.g. ${r}` })),
    { desc: 'Or name something local: an organisation readers can contact, an event or training they can attend, a way to volunteer, or a representative to write to.' },
  ];
}

const rule: Rule = {
  meta: {
    id: 'local-action',
    description: 'Flags awareness pieces (posters, social posts, flyers, appeals) that raise the alarm but give readers no concrete, local step: no hotline, website, local organisation, event or action.',
    principle: 'Local action: talking is not enough; every piece should show readers what they can do where they live',
    severity: 'info',
    scope: 'document',
    recommended: true,
  },
  check(ctx) {
    const { doc } = ctx;
    const segs = copySegments(doc);
    if (segs.length === 0) return;
    const words = wordCount(segs);
    const minWords = ctx.settings.localAction?.minWords ?? 0;
    if (words < minWords) return;
    const genre = declaredGenre(doc);
    if (genre?.kind === 'not-cta') return;
    const resources = ctx.settings.localAction?.resources ?? [];
    if (concreteAction(doc, resources) !== undefined) return;
    if (!segs.some((s) => HARM.test(splitHashtags(s.text)))) return; // nothing alarming: not an awareness message about exploitation
    const alarm = alarmSignals(doc);
    let why: string;
    if (genre?.kind === 'awareness') {
      why = alarm.length ? `it urges readers on (“${alarm[0]!.text}”)` : `it is an awareness piece (${genre.why})`;
    } else {
      if (alarm.length === 0) return;
      const tg = textGenre(doc);
      if (tg && new Set(alarm.map((a) => a.text.toLowerCase())).size < 2) return;
      why = `it urges readers on (“${alarm[0]!.text}”)`;
    }
    const long = words >= data.longFormWords;
    ctx.report({
      message: `This piece raises the alarm — ${why} — but gives readers nothing concrete and local to do: no hotline or text line, no website or email, no local organisation, event or next step. Add at least one, so concern turns into action.`,
      severity: long ? 'warn' : 'info',
      suggestions: suggestions(resources),
    });
  },
};

export default rule;
