/**
 * The shared context layer. A sentence that mentions a term is not always a sentence that uses it:
 * every rule asks this module whether a match is negated, criticised or debunked, quoted to be
 * discussed, attributed to a speaker, meant literally, or outside a trafficking context.
 * Sentences and words come from retext's English parser (nlcst), not from regexes over the file.
 */
import { ParseEnglish } from 'parse-english';
import type { Root, Sentence as NSentence } from 'nlcst';
import { toString } from 'nlcst-to-string';
import vocab from '../../rules/data/context.json' with { type: 'json' };
import type { CampaignDocument, Segment } from '../types.js';

const rx = (s: string) => new RegExp(s, 'i');
export const TOPIC = rx(vocab.topic);
const NEARBY = rx(`\\b(${vocab.nearby})`);
export const PERSON = rx(vocab.person);
const CRITIQUE = rx(vocab.critique);
const CRITIQUE_ALL = new RegExp(vocab.critique, 'gi');
/** markers that criticise only what follows them: "show a kitchen worker rather than chains" */
const CONTRAST_ONLY = /^(?:instead of|rather than)$/i;
/**
 * Does the sentence criticise the term at `at` (an offset in the sentence)? "instead of" and
 * "rather than" set aside only the words after them: in "fund genuine victims rather than adult
 * migrants", the words before the marker are the writer's own.
 */
function critiquesAt(sentText: string, at: number): boolean {
  CRITIQUE_ALL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CRITIQUE_ALL.exec(sentText))) {
    if (m[0].length === 0) { CRITIQUE_ALL.lastIndex++; continue; }
    if (!CONTRAST_ONLY.test(m[0]) || m.index < at) return true;
  }
  return false;
}
const STRONG_CRITIQUE = rx(vocab.strongCritique);
const META = rx(vocab.metalinguistic);
const CORRECTION = rx(vocab.correction);
/** the next sentence points back at the words or images ("those images mislead the public") */
const BACK_REFERENCE = rx(vocab.backReference);
const ANSWER_NO = rx(vocab.answerNo);
const MENTION_LEAD = rx(vocab.mentionLead);
const HEARSAY = rx(vocab.hearsay);
/** quoted words in a stock-photo search or a shot list are used, not discussed ('woman in cage') */
const SEARCH_TERMS = rx(vocab.searchTerms);
const ATTRIBUTION = rx(vocab.attribution);
/** quoted words shown on the piece itself (a slide, a super, a caption, "above the words '…'") are the piece's own copy */
const ON_SCREEN = rx(vocab.onScreen);
const NEGATORS = new RegExp(vocab.negators, 'i');
/** negators that govern only the next few words ("without telling their parents") */
const SHORT_SCOPE = new RegExp(`^(?:${vocab.shortScopeNegators})$`, 'i');
/** a negator, then list items of a few words each, up to the term: "no chains, cages, duct tape or " */
const NEGATED_LIST = new RegExp(`\\b(?:${vocab.listNegators})\\s+(?:[\\p{L}'’-]+(?:\\s+[\\p{L}'’-]+){0,3}\\s*(?:,\\s*(?:or\\s+|and\\s+)?|\\s+or\\s+|\\s+and\\s+|\\s+nor\\s+)){1,6}$`, 'iu');

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

export interface Analysis {
  /** the nlcst tree of the segment (retext plugins run on it) */
  tree: Root;
  sentences: Sentence[];
  /** ranges of quoted stretches in the segment [start, end) (inside the marks) */
  quotes: [number, number][];
}

/** "#EndHumanTrafficking" → "#End Human Trafficking": words run together in a hashtag count as words. */
export function splitHashtags(text: string): string {
  return text.includes('#') ? text.replace(/#[\p{L}\p{N}_]+/gu, (h) => h.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')) : text;
}

const parser = new ParseEnglish();
const cache = new WeakMap<Segment, Analysis>();

function findQuotes(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const [open, close] of vocab.quotes as [string, string][]) {
    let i = 0;
    while (i < text.length) {
      const s = text.indexOf(open, i);
      if (s < 0) break;
      // a straight single quote is only an opening quote at a word start (not an apostrophe)
      if (open === "'" && s > 0 && /[\p{L}\p{N}]/u.test(text[s - 1]!)) { i = s + 1; continue; }
      if (open === '‘' && s > 0 && /[\p{L}\p{N}]/u.test(text[s - 1]!)) { i = s + 1; continue; }
      let e = text.indexOf(close, s + 1);
      // skip apostrophes inside the quotation (don't, it's)
      while (e > 0 && (close === "'" || close === '’') && /[\p{L}]/u.test(text[e + 1] ?? '') && /[\p{L}]/u.test(text[e - 1] ?? '')) e = text.indexOf(close, e + 1);
      if (e < 0) break;
      if (e - s > 1) out.push([s + 1, e]);
      i = e + 1;
    }
  }
  return out;
}

/** a bullet between items on one line ("27 million • Average age: 13 • Share this"): it ends a sentence */
const BULLET = /(^|\s)[•·▪‣◦●]\s+/g;

/** Split sentences at inline bullets: infographic and slide text runs its items together without full stops. */
function splitAtBullets(text: string, sentences: Sentence[]): Sentence[] {
  if (!/[•·▪‣◦●]/.test(text)) return sentences;
  const out: Sentence[] = [];
  for (const s of sentences) {
    let start = s.start;
    BULLET.lastIndex = 0;
    const part = text.slice(s.start, s.end);
    for (let m; (m = BULLET.exec(part));) {
      const cut = s.start + m.index + m[1]!.length; // after the white space before the bullet
      if (cut > start && text.slice(start, cut).trim()) out.push({ start, end: cut, text: text.slice(start, cut) });
      start = s.start + m.index + m[0].length;
    }
    if (start < s.end) out.push({ start, end: s.end, text: text.slice(start, s.end) });
  }
  return out.length ? out : sentences;
}

export function analyze(seg: Segment): Analysis {
  let a = cache.get(seg);
  if (a) return a;
  const tree = parser.parse(seg.text) as Root;
  const sentences: Sentence[] = [];
  for (const para of tree.children) {
    if (para.type !== 'ParagraphNode') continue;
    for (const s of para.children) {
      if (s.type !== 'SentenceNode') continue;
      const start = s.position?.start.offset ?? 0;
      const end = s.position?.end.offset ?? start;
      sentences.push({ start, end, text: toString(s as NSentence) });
    }
  }
  if (sentences.length === 0) sentences.push({ start: 0, end: seg.text.length, text: seg.text });
  a = { tree, sentences: splitAtBullets(seg.text, sentences), quotes: findQuotes(seg.text) };
  cache.set(seg, a);
  return a;
}

function quotedAt(a: Analysis, start: number, end: number): boolean {
  return a.quotes.some(([s, e]) => start >= s && end <= e);
}

export function sentenceIndexAt(a: Analysis, offset: number): number {
  for (let i = 0; i < a.sentences.length; i++) if (offset < a.sentences[i]!.end) return i;
  return a.sentences.length - 1;
}

const topicCache = new WeakMap<CampaignDocument, boolean>();
/** Is the whole document about trafficking or exploitation at all? */
export function docOnTopic(doc: CampaignDocument): boolean {
  let v = topicCache.get(doc);
  if (v === undefined) {
    v = doc.segments.some((s) => TOPIC.test(s.text));
    topicCache.set(doc, v);
  }
  return v;
}

const SECTION_CRITIQUE = rx(vocab.sectionCritique);
const headingCache = new WeakMap<CampaignDocument, Map<Segment, boolean>>();
/** Is the segment under a heading (or in a table column) that frames what follows as wrong: "Myths", "Avoid", "Don't say"? */
export function sectionCritique(doc: CampaignDocument, seg: Segment): boolean {
  if (seg.label !== undefined) return SECTION_CRITIQUE.test(seg.label);
  if (seg.kind !== 'list-item' && seg.kind !== 'paragraph' && seg.kind !== 'table-cell') return false;
  let m = headingCache.get(doc);
  if (!m) {
    m = new Map();
    let current = false;
    for (const s of doc.segments) {
      if (s.kind === 'heading') current = SECTION_CRITIQUE.test(s.text);
      else m.set(s, current && (s.kind === 'list-item' || s.kind === 'table-cell'));
    }
    headingCache.set(doc, m);
  }
  return m.get(seg) ?? false;
}

export interface MentionContext {
  sentence: Sentence;
  /** the sentences around it (undefined at the edges) */
  prev?: Sentence;
  next?: Sentence;
  sentenceIndex: number;
  /** the trigger is negated within its clause ("does not require chains") */
  negated: boolean;
  /** the sentence (or, for strong markers, the one before) criticises, debunks or advises against */
  critique: boolean;
  /** where the critique was found: this sentence, a strong marker in the one before, a correction in the
   *  one after ("In reality, …"), or a "Myths"/"Avoid" heading or column; null when there is none */
  critiqueFrom: 'sentence' | 'before' | 'after' | 'section' | null;
  /** the trigger is inside quotation marks */
  quoted: boolean;
  /** the trigger is inside quotation marks that show the piece's own copy ("Slide 1: '…'", "above the words '…'"): not a quotation */
  onScreen: boolean;
  /** quoted and discussed as a word/phrase/image ("the phrase 'child prostitute'") */
  mentioned: boolean;
  /** quoted and attributed to a speaker (reported speech) */
  reported: boolean;
  /** the document is on-topic and trafficking words are within ±1 sentence */
  traffickingContext: boolean;
  /** a person or body word is in the sentence */
  person: boolean;
}

export function mentionContext(doc: CampaignDocument, seg: Segment, start: number, end: number): MentionContext {
  const a = analyze(seg);
  const i = sentenceIndexAt(a, start);
  const sentence = a.sentences[i]!;
  const prev = a.sentences[i - 1];
  const next = a.sentences[i + 1];
  const text = seg.text;

  // negation: a negator in the same clause, a few words before the trigger
  const clauseStart = Math.max(sentence.start, ...[',', ';', ':', '—', ' – ', '(', ' but '].map((p) => { const at = text.lastIndexOf(p, start - 1); return at < 0 ? -1 : at + p.length; }).filter((x) => x >= 0 && x <= start));
  const before = text.slice(Math.max(clauseStart, sentence.start), start);
  const words = before.trim().split(/\s+/).slice(-6);
  // a negator governs the trigger only up to a relative pronoun: "not adults who made bad choices" still asserts the choices
  let negated = false;
  for (let k = words.length - 1; k >= 0; k--) {
    const w = words[k]!;
    if (/^(who|that|which|whose|whom|because|but|so)$/i.test(w)) break;
    const single = NEGATORS.test(w);
    // a two-word negator ("no one", "instead of"); a pair whose first word negates alone is read at that word
    const pair = !single && k > 0 && NEGATORS.test(words[k - 1] + ' ' + w) && !NEGATORS.test(words[k - 1]!);
    if (single || pair) {
      // "without" governs only the words right after it: "go to parties without telling their parents are practically inviting ..."
      if (single && SHORT_SCOPE.test(w) && words.length - k > 3) continue;
      negated = true;
      break;
    }
  }

  // a negated list: "no chains, cages, duct tape or hands pressed against glass"
  if (!negated && NEGATED_LIST.test(text.slice(Math.max(sentence.start, start - 160), start))) negated = true;

  const sentText = sentence.text;
  // criticised here, debunked in the sentence before, or corrected in the sentence after ("In reality, …"),
  // or listed under a "Myths" heading or in an "Avoid" column
  const critiqueFrom: MentionContext['critiqueFrom'] =
    critiquesAt(sentText, start - sentence.start) ? 'sentence'
      : prev !== undefined && STRONG_CRITIQUE.test(prev.text) ? 'before'
        : next !== undefined && (CORRECTION.test(next.text) || ((/\?\s*$/.test(sentText) || quotedAt(a, start, end) || HEARSAY.test(sentText)) && ANSWER_NO.test(next.text)) || (HEARSAY.test(sentText) && STRONG_CRITIQUE.test(next.text)) || (BACK_REFERENCE.test(next.text) && CRITIQUE.test(next.text))) ? 'after'
          : sectionCritique(doc, seg) ? 'section' : null;
  const critique = critiqueFrom !== null;
  const inQuote = a.quotes.find(([s, e]) => start >= s && end <= e);
  const onScreen = inQuote !== undefined && ON_SCREEN.test(text.slice(Math.max(sentence.start, inQuote[0] - 60), inQuote[0] - 1));
  const q = onScreen ? undefined : inQuote;
  const quoted = q !== undefined;
  const after2 = [sentText, next?.text ?? '', a.sentences[i + 2]?.text ?? ''].join(' ');
  const outsideQuote = quoted ? text.slice(sentence.start, q[0]) + ' ' + text.slice(q[1], sentence.end) : sentText;
  // "images of restraint such as handcuffs": the term is named as an example of imagery or wording, not used
  const namedAsExample = MENTION_LEAD.test(text.slice(sentence.start, start));
  // a quoted title ('Beyond the Chains', "Break Every Chain") names a work, it does not use the words
  const quotedTitle = q !== undefined && /^(?:\p{Lu}[\p{L}'’-]*|the|of|a|an|and|to|in|for|on)(?:\s+(?:\p{Lu}[\p{L}'’-]*|the|of|a|an|and|to|in|for|on))+[.!?]?$/u.test(text.slice(q[0], q[1]).trim()) && /\s\p{Lu}/u.test(text.slice(q[0], q[1]));
  const mentioned = (quoted && !SEARCH_TERMS.test(sentText) && (META.test(outsideQuote) || CRITIQUE.test(after2))) || namedAsExample || quotedTitle;
  const reported = quoted && ATTRIBUTION.test(outsideQuote + ' ' + (prev?.text ?? ''));
  const window = [prev?.text ?? '', sentText, next?.text ?? ''].join(' ');
  const traffickingContext = docOnTopic(doc) && NEARBY.test(splitHashtags(window));
  return { sentence, prev, next, critiqueFrom, sentenceIndex: i, negated, critique, quoted, onScreen, mentioned, reported, traffickingContext, person: PERSON.test(sentText) };
}
