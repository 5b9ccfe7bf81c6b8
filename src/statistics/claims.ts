/**
 * Finding statistical claims in prose, the clause that makes each claim, and the citation that
 * supports it. Shared by uncited-statistic and unsound-statistic; vocabulary in
 * rules/data/uncited-statistic.json, registry in rules/data/statistics.json (src/statistics/registry.ts).
 * Whether a sentence reports a claim in order to debunk it comes from the shared context layer
 * (mentionContext) plus the debunk wording in our data file.
 */
import { z } from 'zod';
import vocabRaw from '../../rules/data/uncited-statistic.json' with { type: 'json' };
import { analyze, docOnTopic, mentionContext, sentenceIndexAt, type MentionContext, type Sentence } from '../context/index.js';
import type { CampaignDocument, RuleContext, Segment } from '../types.js';
import { registry, type CompiledStat } from './registry.js';
import { candidates, planItems, prefilterText, segmentLower } from '../prefilter.js';

const VocabSchema = z.object({
  $comment: z.string().optional(),
  numberWords: z.string(),
  masks: z.array(z.string()),
  claims: z.record(z.string(), z.string()),
  claimNouns: z.string(),
  citations: z.object({
    same: z.array(z.string()),
    sameCase: z.array(z.string()),
    near: z.array(z.string()),
    previous: z.array(z.string()),
    linkUnless: z.string(),
    continuation: z.string(),
    sourceWords: z.string(),
  }),
  organisations: z.string(),
  ownOutput: z.string(),
  debunk: z.string(),
  frames: z.string(),
  nonClaim: z.string(),
  topic: z.string(),
  participation: z.string(),
  percentNonClaim: z.string(),
  moneyAmount: z.string(),
  currency: z.object({ sign: z.string(), names: z.string(), codes: z.string() }).strict(),
}).strict();
const vocab = VocabSchema.parse(vocabRaw);

const expand = (s: string) => s.replace(/\{NUMW\}/g, vocab.numberWords);
const gi = (s: string) => new RegExp(expand(s), 'gi');
const ci = (s: string) => new RegExp(expand(s), 'i');

const MASKS = vocab.masks.map((m) => new RegExp(m, 'gim'));
const URL_MASKS = MASKS.slice(0, 4);
const CLAIM_FORMS = Object.entries(vocab.claims).map(([kind, re]) => ({ kind, re: gi(re) }));
const CLAIM_NOUNS = ci(vocab.claimNouns);
const CITE_SAME = vocab.citations.same.map(ci);
const CITE_SAME_CASE = vocab.citations.sameCase.map((s) => new RegExp(s));
const CITE_NEAR = vocab.citations.near.map(ci);
const CITE_PREV = vocab.citations.previous.map(ci);
const LINK_UNLESS = ci(vocab.citations.linkUnless);
const CONTINUATION = ci(vocab.citations.continuation);
const SOURCE_WORDS = ci(vocab.citations.sourceWords);
const ORGS = new RegExp(vocab.organisations);
const OWN_OUTPUT = ci(vocab.ownOutput);
const DEBUNK = ci(vocab.debunk);
const FRAMES = ci(vocab.frames);
const NON_CLAIM = ci(vocab.nonClaim);
const PARTICIPATION = ci(vocab.participation);
const PERCENT_NON_CLAIM = ci(vocab.percentNonClaim);
/** a currency sign inside or just before a figure, a currency name just after it, or a code just before it */
const CURRENCY_SIGN = new RegExp(vocab.currency.sign);
const CURRENCY_AFTER = new RegExp(`^\\s*(?:US\\s+)?(?:${vocab.currency.names})\\b`, 'i');
const CURRENCY_BEFORE = new RegExp(`\\b(?:${vocab.currency.codes})\\s*$`, 'i');
function isMoney(text: string, a: number, b: number): boolean {
  return CURRENCY_SIGN.test(text.slice(Math.max(0, a - 4), b + 8)) || CURRENCY_AFTER.test(text.slice(b, b + 24)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, a - 6), a));
}
/** an amount of money without a currency sign: "thousands in recruitment fees" */
const MONEY_AMOUNT = new RegExp(`^(?:${vocab.moneyAmount})`, 'i');
const MYTH_LABEL = /^\s*(?:(?:the |a |common )?myths?|misconceptions?|fiction|false|not true|debunked|fact[- ]check(?:ed)?|what (?:people|you) (?:think|hear))\s*[:.!?]?\s*$/i;
const FACT_LABEL = /^\s*(?:the )?(?:facts?|reality|truth)\s*[:-]/i;
const YEAR = /\b(?:1[89]|20)\d{2}\b/;
const VERB = /\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|do|does|did|goes|go|gets|get)\b|\b\w{3,}ed\b/i;
const EXTRA_TOPIC = ci(vocab.topic);
const SKIP_KINDS = new Set(['filename']);
/** a cheap test: could this segment hold a claim at all? */
const PREFILTER = new RegExp(`\\d|\\b(?:${vocab.numberWords}|million|billion|thousand|half|third|quarter|fifth|majority|every|largest|biggest|growing|average|age|times|doubled|tripled|hub|capital|than|super ?bowl|sporting|olympics|world cup|life expectancy|hotline|helpline)`, 'i');

export interface Claim {
  seg: Segment;
  /** the clause that makes the claim (segment-relative) */
  start: number;
  end: number;
  /** the claim forms found in it (percent, ratio, rank, registry ...) */
  kinds: string[];
  /** the registry entry the clause matches, if any */
  entry?: CompiledStat;
  sentence: Sentence;
  mc: MentionContext;
  cited: boolean;
  /** reported in order to question or debunk it */
  debunked: boolean;
  /** quoted speech attributed to someone */
  reported: boolean;
  /** an outdated figure given with its year next to the current figure */
  dated: boolean;
}

/** Blank (with spaces) the stretches that are never claims, keeping offsets. */
export function maskNonClaims(text: string, masks: RegExp[] = MASKS): string {
  let out = text;
  for (const re of masks) {
    re.lastIndex = 0;
    out = out.replace(re, (m) => m.replace(/[^\n]/g, ' '));
  }
  return out;
}

const LEFT_BOUNDARY = /[;:—–(]\s*|\s[-–]\s|,\s+(?:and|but|while|so|yet|because|which|who|where|whereas|although|though)\s+|,\s+|\s+(?:that|because|while|whereas|but|although|though)\s+|\b(?:believe[sd]?|estimates?|estimated|say|says|said|know|knows|knew|think|thinks|warn|warns|warned|claim|claims|claimed|fear|fears|show|shows|showed|found|find|finds|suggest|suggests|reveal|reveals|teach|teaches|taught|means|mean|told (?:\w+ ){0,3}?)\s+(?:that\s+)?|^\s*(?:did you know|fact|myth|reality|truth|remember)\b[:?,]?\s*/gi;
const RIGHT_BOUNDARY = /[;:—–()]|\s[-–]\s|,\s(?!(?:[\w'’-]+\s+){1,2}(?:and|or)\s)|\s+(?:but|because|although|though|whereas|while|according to)\s+|[.!?]+(?=\s|$)|["”]\s*$/g;

/** The clause around [a, b): from its subject or number to the end of its predicate. */
export function clauseSpan(text: string, sent: Sentence, a: number, b: number): [number, number] {
  let L = sent.start;
  const left = text.slice(sent.start, a);
  LEFT_BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEFT_BOUNDARY.exec(left))) {
    if (m[0].length === 0) { LEFT_BOUNDARY.lastIndex++; continue; }
    // a comma inside a number or right before the anchor's own hedge is not a clause boundary
    L = sent.start + m.index + m[0].length;
  }
  // "X is ... and a child is sold every 30 seconds": a bare "and" between two clauses
  const between = text.slice(L, a);
  const and = between.lastIndexOf(' and ');
  if (and >= 0 && VERB.test(between.slice(0, and)) && VERB.test(text.slice(L + and + 5, b + 40).split(/[.;!?]/)[0] ?? '')) {
    const rest = text.slice(L + and + 5, a);
    if (!/\b(?:of|in|for|to|by|with)\s*$/i.test(text.slice(L, L + and))) L = L + and + 5;
    void rest;
  }
  let R = sent.end;
  const right = text.slice(b, sent.end);
  RIGHT_BOUNDARY.lastIndex = 0;
  const r = RIGHT_BOUNDARY.exec(right);
  if (r) R = b + r.index;
  // a bare "and" starting a new clause after the claim
  const tail = text.slice(b, R);
  const andR = /\s+and\s+(?=(?:[\w'’-]+\s+){0,4}?(?:is|are|was|were|has|have|had|will|can|goes|go)\b)/i.exec(tail);
  if (andR && VERB.test(text.slice(L, b + andR.index))) R = b + andR.index;
  // trim
  while (L < R && /[\s"'“”‘’*_]/.test(text[L]!)) L++;
  while (R > L && /[\s"'“”‘’*_.,!?]/.test(text[R - 1]!)) R--;
  if (R <= L) return [a, b];
  return [Math.min(L, a), Math.max(R, b)];
}

function linkCites(seg: Segment, from: number, to: number, sources: string[] = []): boolean {
  return (seg.links ?? []).some((l) => {
    if (l.end < from || l.start > to + 2) return false;
    if (l.url.startsWith('#')) return true; // footnote reference or <sup>
    if (sources.some((src) => src && l.url.toLowerCase().startsWith(src.toLowerCase()))) return true;
    const anchor = seg.text.slice(l.start, l.end);
    return !LINK_UNLESS.test(l.url) && !LINK_UNLESS.test(anchor);
  });
}

function textCites(s: string, sources: string[]): boolean {
  if (CITE_SAME.some((re) => re.test(s))) {
    // a bare URL counts only when it is not a donation/contact/social link
    const urls = s.match(/https?:\/\/\S+|\bwww\.\S+/gi) ?? [];
    const other = s.replace(/https?:\/\/\S+|\bwww\.\S+/gi, ' ');
    if (CITE_SAME.some((re) => re.test(other)) || urls.some((u) => !LINK_UNLESS.test(u))) return true;
  }
  if (CITE_SAME_CASE.some((re) => re.test(s))) return true;
  if (ORGS.test(s)) return true;
  const low = s.toLowerCase();
  return sources.some((src) => src && low.includes(src.toLowerCase()));
}

/** Does the claim in sentence i of seg have a citation: same sentence, a footnote or link, a credit next to it? */
function isCited(doc: CampaignDocument, seg: Segment, sentences: Sentence[], i: number, sources: string[]): boolean {
  const s = sentences[i]!;
  if (textCites(s.text, sources) || linkCites(seg, s.start, s.end, sources)) return true;
  const next = sentences[i + 1];
  if (next && (CITE_NEAR.some((re) => re.test(next.text)) || (/^\s*\(/.test(next.text) && textCites(next.text, sources)))) return true;
  const prev = sentences[i - 1];
  if (prev && CITE_PREV.some((re) => re.test(s.text)) && textCites(prev.text, sources)) return true;
  // the previous sentence names the source and this one goes on about the same analysis or report
  if (prev && SOURCE_WORDS.test(s.text) && !/\b(?:studies|research|experts?)\s+(?:show|say|suggest)/i.test(s.text) && (textCites(prev.text, sources) || linkCites(seg, prev.start, prev.end, sources))) return true;
  if (prev && CONTINUATION.test(s.text) && (textCites(prev.text, sources) || SOURCE_WORDS.test(prev.text) || linkCites(seg, prev.start, prev.end))) return true;
  // a "Source:" line later in the segment, or in the segment that follows (a caption credit, a source line)
  if (/\bsources?\s*:/i.test(seg.text)) return true;
  const idx = doc.segments.indexOf(seg);
  const after = doc.segments[idx + 1];
  if (after && /^\s*(?:sources?|data|credit|figures?|references?)\s*:/i.test(after.text)) return true;
  const before = doc.segments[idx - 1];
  if (before && i === 0 && /^\s*(?:sources?|data)\s*:/i.test(before.text) && before.text.length < 300) return true;
  return false;
}

function isDebunked(doc: CampaignDocument, mc: MentionContext, sentences: Sentence[], i: number, seg: Segment): boolean {
  const s = sentences[i]!.text;
  if (mc.mentioned) return true;
  if (DEBUNK.test(s)) return true;
  if (mc.critique && !(FACT_LABEL.test(s) && !DEBUNK.test(s))) {
    // "Myth: ... / Fact: <sound figure>": the fact line is a claim, not a debunk
    return true;
  }
  const next = sentences[i + 1];
  if (next && FRAMES.test(s) && DEBUNK.test(next.text)) return true;
  // a heading or label "Myth" right before this paragraph ("## Myth" / "Myth:" on its own line)
  const idx = doc.segments.indexOf(seg);
  const before = idx > 0 ? doc.segments[idx - 1] : undefined;
  if (before && before.text.length < 60 && MYTH_LABEL.test(before.text)) return true;
  return false;
}

export interface FoundClaims { claims: Claim[]; error?: string }

const cache = new WeakMap<CampaignDocument, WeakMap<object, FoundClaims>>();

/** Every statistical claim in the document (cached per document and settings). */
export function findClaims(ctx: RuleContext): FoundClaims {
  const doc = ctx.doc;
  const key = ctx.settings.statistics ?? {};
  let byKey = cache.get(doc);
  if (!byKey) { byKey = new WeakMap(); cache.set(doc, byKey); }
  const hit = byKey.get(key);
  if (hit) return hit;
  let result: FoundClaims;
  try {
    const entries = registry(ctx.settings.statistics?.registry ?? []);
    result = { claims: scan(doc, entries, ctx.settings.statistics?.sources ?? []) };
  } catch (err) {
    result = { claims: scan(doc, registry([]), ctx.settings.statistics?.sources ?? []), error: (err as Error).message };
  }
  byKey.set(key, result);
  return result;
}

interface Anchor { a: number; b: number; kind: string; entry?: CompiledStat }

interface StatSlot { entry: CompiledStat; re: RegExp }
const plans = new WeakMap<CompiledStat[], Map<number, StatSlot[]>>();
/** The registry expressions that may match in a segment whose prefilterText is `lower`, in registry order. */
function registryCandidates(entries: CompiledStat[], lower: string): StatSlot[] {
  let plan = plans.get(entries);
  if (!plan) { plan = planItems(entries.flatMap((entry) => entry.res.map((re) => ({ entry, re }))), (x) => x.re); plans.set(entries, plan); }
  const out: StatSlot[] = [];
  for (const id of candidates(lower)) { const l = plan.get(id); if (l) out.push(...l); }
  return out;
}
registryCandidates(registry(), ''); // number the built-in registry's expressions now, with the term rules'

function scan(doc: CampaignDocument, entries: CompiledStat[], sources: string[]): Claim[] {
  const onTopic = docOnTopic(doc) || doc.segments.some((s) => EXTRA_TOPIC.test(s.text));
  const out: Claim[] = [];
  for (const seg of doc.segments) {
    if (SKIP_KINDS.has(seg.kind) || !PREFILTER.test(seg.text)) continue;
    const text = seg.text;
    // sentences only when something matched (most segments hold no claim)
    let parsed: ReturnType<typeof analyze> | undefined;
    const A = () => (parsed ??= analyze(seg));
    const anchors: Anchor[] = [];
    // registry phrasings (only URLs and e-mail addresses are blanked: the patterns carry their own context)
    const urlMasked = maskNonClaims(text, URL_MASKS);
    // literal prefilter (src/prefilter.ts) on the text the patterns read: most phrasings cannot occur
    const lower = urlMasked === text ? segmentLower(seg) : prefilterText(urlMasked);
    for (const { entry: e, re } of registryCandidates(entries, lower)) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(urlMasked))) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        const si = sentenceIndexAt(A(), m.index);
        const st = A().sentences[si]!;
        // what the phrasing requires may be earlier in the paragraph ("Every 30 seconds someone is trafficked. It's the fastest-growing crime.")
        const reqText = text.slice(0, st.end);
        if (e.requiresRe.length && !e.requiresRe.some((r) => r.test(reqText))) continue;
        if (e.unlessRe.some((r) => r.test(st.text))) continue;
        let a = m.index, b = m.index + m[0].length;
        while (a < b && /\s/.test(text[a]!)) a++;
        while (b > a && /\s/.test(text[b - 1]!)) b--;
        anchors.push({ a, b, kind: 'registry', entry: e });
      }
    }
    // generic claim forms, on text with non-claims blanked
    if (onTopic) {
      const masked = maskNonClaims(text);
      for (const { kind, re } of CLAIM_FORMS) {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(masked))) {
          if (m[0].trim().length === 0) { re.lastIndex++; continue; }
          anchors.push({ a: m.index, b: m.index + m[0].length, kind });
        }
      }
    }
    if (!anchors.length) continue;
    const analysis = A();
    const { sentences } = analysis;
    // group anchors by clause
    const groups = new Map<string, { start: number; end: number; anchors: Anchor[]; si: number }>();
    for (const an of anchors) {
      const si = sentenceIndexAt(analysis, an.a);
      const sent = sentences[si]!;
      const [L, R] = clauseSpan(text, sent, an.a, an.b);
      // merge with an overlapping group in the same sentence
      // (the same registry entry twice in a sentence is one claim: "the third-largest ..., second only to drugs")
      const g = [...groups.values()].find((x) => x.si === si && ((x.start < R && L < x.end) || (an.entry !== undefined && x.anchors.some((y) => y.entry === an.entry))));
      if (g) { g.start = Math.min(g.start, L); g.end = Math.max(g.end, R); g.anchors.push(an); }
      else groups.set(`${si}:${L}`, { start: L, end: R, anchors: [an], si });
    }
    for (const g of groups.values()) {
      const sent = sentences[g.si]!;
      const clause = text.slice(g.start, g.end);
      const regs = g.anchors.filter((x) => x.entry);
      // prefer a myth over outdated over mislabel over sound when several entries match
      const rank = { myth: 0, outdated: 1, mislabel: 2, sound: 3 } as const;
      const entry = regs.map((x) => x.entry!).sort((x, y) => rank[x.status] - rank[y.status])[0];
      if (!entry) {
        // a generic claim must be about people, cases or the trade, in an on-topic sentence
        // a ratio or share may name its people earlier in the sentence ("kids are sold ..., and 3 out of 4 will never be found")
        const share = g.anchors.some((x) => x.kind === 'percent' || x.kind === 'fraction' || (x.kind === 'ratio' && /\b(?:in|out of|of every)\b/i.test(text.slice(x.a, x.b))));
        if (!CLAIM_NOUNS.test(clause) && !(share && CLAIM_NOUNS.test(text.slice(sent.start, g.start)))) continue;
        if (OWN_OUTPUT.test(clause) || OWN_OUTPUT.test(text.slice(sent.start, g.end))) continue;
        // prices, donations, wages and fundraising targets are not statistics; nor are discounts
        const money = g.anchors.every((x) => isMoney(text, x.a, x.b) || MONEY_AMOUNT.test(text.slice(x.a, x.b + 40)));
        const pct = g.anchors.every((x) => /%|percent|per cent/i.test(text.slice(x.a, x.b)));
        if (money && NON_CLAIM.test(clause)) continue;
        if (pct && (PERCENT_NON_CLAIM.test(clause) || g.anchors.every((x) => /^100\s?(?:%|per)/i.test(text.slice(x.a, x.b))))) continue;
        if (PARTICIPATION.test(clause)) continue;
      }
      const first = g.anchors.reduce((p, x) => (x.a < p.a ? x : p));
      const mc = mentionContext(doc, seg, first.a, first.b);
      if (!entry && !(mc.traffickingContext || onTopic)) continue;
      const debunked = isDebunked(doc, mc, sentences, g.si, seg);
      const cited = isCited(doc, seg, sentences, g.si, sources);
      let dated = false;
      if (entry && entry.status === 'outdated' && YEAR.test(sent.text)) {
        const win = [sentences[g.si - 1]?.text ?? '', sent.text, sentences[g.si + 1]?.text ?? ''].join(' ');
        dated = entry.currentRe.some((r) => r.test(win));
      }
      out.push({
        seg, start: g.start, end: g.end,
        kinds: [...new Set(g.anchors.map((x) => x.kind))],
        entry, sentence: sent, mc, cited, debunked, reported: mc.reported, dated,
      });
    }
  }
  return out;
}
