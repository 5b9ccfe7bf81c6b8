/**
 * A literal prefilter for the term rules' regular expressions: most segments contain none of a
 * rule's words, and a substring search (`includes`) is far cheaper than running hundreds of
 * case-insensitive Unicode regular expressions over every segment.
 *
 * `literalPrefixes(re)` reads the pattern source and returns lower-case strings such that every match
 * of the expression starts with one of them, or null when that cannot be worked out (then the regex
 * always runs). The analysis is conservative: anything it does not fully understand ends a prefix
 * early or gives null, so a prefilter can only skip work, never a finding. Only ASCII letters, digits
 * and a few punctuation marks become literals (Unicode case folding of other characters differs from
 * toLowerCase); `prefilterText` folds the two non-ASCII characters that /iu matches to ASCII letters.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAX_SET = 48;
const MAX_LEN = 8;

/**
 * The strings a part of the pattern can start with: string → done. `done: false` means the part
 * matches exactly that string (later parts may extend it); `done: true` means matches only start
 * with it (nothing more is known). Marking a string done is always a safe weakening.
 */
type Frag = Map<string, boolean>;
const ANY = (): Frag => new Map([['', true]]);
const ZERO = (): Frag => new Map([['', false]]);

const SAFE_LITERAL = /[a-z0-9 ,.'’\-&/:;!?%$#@"“”]/;

function union(parts: Frag[]): Frag {
  const out: Frag = new Map();
  for (const p of parts) for (const [k, done] of p) out.set(k, (out.get(k) ?? false) || done);
  return out;
}

/**
 * How one analysis combines the parts of a pattern. The reader below parses the pattern source once
 * for any analysis; anything it does not understand throws, and the caller gives up on the pattern.
 */
interface Algebra<T> {
  /** matches only the empty string (anchors, \b, negative lookarounds) */
  empty(): T;
  /** matches a character we cannot name (\w, ., [^…], a character toLowerCase may not fold as /i does) */
  unknown(): T;
  /** one character of this set (lower-cased under /i) */
  chars(set: string[]): T;
  /** a positive lookaround: reads the text, consumes nothing */
  look(inner: T): T;
  quant(atom: T, min: number, max: number): T;
  seq(parts: T[]): T;
  alt(parts: T[]): T;
}

class Reader<T> {
  i = 0;
  constructor(private s: string, private icase: boolean, private A: Algebra<T>) {}

  static read<T>(source: string, icase: boolean, A: Algebra<T>): T {
    const r = new Reader(source, icase, A);
    const out = r.alt();
    if (r.i !== source.length) r.fail();
    return out;
  }

  fail(): never { throw new Error('unsupported'); }

  alt(): T {
    const parts: T[] = [this.seq()];
    while (this.s[this.i] === '|') { this.i++; parts.push(this.seq()); }
    return this.A.alt(parts);
  }

  seq(): T {
    const parts: T[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') parts.push(this.quant(this.atom()));
    return this.A.seq(parts);
  }

  atom(): T {
    const c = this.s[this.i]!;
    if (c === '(') {
      this.i++;
      let kind = '';
      if (this.s[this.i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(this.s.slice(this.i));
        if (!m) this.fail();
        kind = m[0];
        this.i += m[0].length;
      }
      const inner = this.alt();
      if (this.s[this.i] !== ')') this.fail();
      this.i++;
      if (kind === '?=' || kind === '?<=') return this.A.look(inner);
      if (kind === '?!' || kind === '?<!') return this.A.empty();
      return inner;
    }
    if (c === '[') return this.cls();
    if (c === '\\') {
      const d = this.s[this.i + 1];
      if (d === undefined) this.fail();
      this.i += 2;
      if (d === 'b' || d === 'B') return this.A.empty();
      if ('dDwWsSpPuxck0123456789'.includes(d)) {
        if ((d === 'p' || d === 'P' || d === 'u' || d === 'x') && this.s[this.i] === '{') { const e = this.s.indexOf('}', this.i); if (e < 0) this.fail(); this.i = e + 1; }
        else if (d === 'u') this.i += 4;
        else if (d === 'x') this.i += 2;
        else if (d === 'c') this.i += 1;
        else if (d === 'k' && this.s[this.i] === '<') { const e = this.s.indexOf('>', this.i); if (e < 0) this.fail(); this.i = e + 1; }
        return this.A.unknown();
      }
      if ('nrtvf'.includes(d)) return this.A.unknown();
      return this.lit(d);
    }
    if (c === '^' || c === '$') { this.i++; return this.A.empty(); }
    if (c === '.') { this.i++; return this.A.unknown(); }
    if ('*+?{'.includes(c)) this.fail();
    this.i++;
    return this.lit(c);
  }

  /** the literal a character stands for in lower-cased text, or undefined when it cannot be named */
  litChar(ch: string): string | undefined {
    const l = this.icase ? ch.toLowerCase() : ch;
    if (l.length !== 1 || !SAFE_LITERAL.test(l)) return undefined;
    // without /i an upper-case letter cannot be found in lower-cased text
    if (!this.icase && /[A-Z]/.test(ch)) return undefined;
    return l;
  }

  lit(ch: string): T {
    const l = this.litChar(ch);
    return l === undefined ? this.A.unknown() : this.A.chars([l]);
  }

  cls(): T {
    let end = this.i + 1;
    if (this.s[end] === '^') end++;
    if (this.s[end] === ']') end++;
    for (; end < this.s.length; end++) { if (this.s[end] === '\\') { end++; continue; } if (this.s[end] === ']') break; }
    if (end >= this.s.length) this.fail();
    const body = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    if (body.startsWith('^') || body === '') return this.A.unknown();
    const out = new Set<string>();
    let k = 0;
    while (k < body.length) {
      let ch = body[k]!;
      if (ch === '\\') { const d = body[k + 1]; if (d === undefined || /[a-zA-Z0-9]/.test(d)) return this.A.unknown(); ch = d; k += 2; } else k++;
      if (body[k] === '-' && k + 1 < body.length) {
        const to = body[k + 1]!;
        if (to === '\\') return this.A.unknown();
        const a = ch.charCodeAt(0), b = to.charCodeAt(0);
        if (b - a > 26 || b < a) return this.A.unknown();
        for (let x = a; x <= b; x++) { const l = this.litChar(String.fromCharCode(x)); if (l === undefined) return this.A.unknown(); out.add(l); }
        k += 2;
        continue;
      }
      const l = this.litChar(ch);
      if (l === undefined) return this.A.unknown();
      out.add(l);
    }
    return out.size ? this.A.chars([...out]) : this.A.unknown();
  }

  quant(atom: T): T {
    const c = this.s[this.i];
    let min = 1, max = 1;
    if (c === '?') { min = 0; this.i++; }
    else if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { max = Infinity; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return atom; // a literal brace
      min = Number(m[1]); max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.i += m[0].length;
    } else return atom;
    if (this.s[this.i] === '?') this.i++; // lazy
    return min === 1 && max === 1 ? atom : this.A.quant(atom, min, max);
  }
}

/** The first analysis: the strings every match starts with. */
const PREFIXES: Algebra<Frag> = {
  empty: ZERO,
  unknown: ANY,
  chars: (set) => new Map(set.map((c) => [c, false])),
  look: ZERO,
  quant(atom, min, max) {
    // after the first repetition nothing more is known
    const out: Frag = new Map([...atom].map(([k, done]) => [k, done || max > 1]));
    if (min === 0) out.set('', out.get('') ?? false); // the part can be skipped entirely
    return out;
  },
  seq(parts) {
    let acc: Frag = ZERO();
    for (const atom of parts) {
      const next: Frag = new Map();
      for (const [a, aDone] of acc) {
        if (aDone) { next.set(a, true); continue; }
        for (const [b, bDone] of atom) {
          const ab = a + b;
          const k = ab.slice(0, MAX_LEN);
          next.set(k, (next.get(k) ?? false) || bDone || ab.length >= MAX_LEN);
        }
      }
      // too many combinations: stop extending (every string so far is still a valid prefix)
      if (next.size > MAX_SET) { acc = new Map([...acc].map(([k]) => [k, true])); continue; }
      acc = next;
    }
    return acc;
  },
  alt(parts) {
    const out = parts.length === 1 ? parts[0]! : union(parts);
    if (out.size > MAX_SET) throw new Error('unsupported');
    return out;
  },
};

/**
 * The second analysis: strings one of which every match CONTAINS (anywhere, or in a positive
 * lookaround, which also reads the segment). A part of the pattern is `exact` when it matches only
 * strings of a small known set ('' included when it can match nothing), and `req` is the best
 * "must contain one of these" set found inside it. A pattern that starts with common words ("the",
 * "our", "a") but has a rare word later ("rescued") is filtered by the rare word.
 */
interface Req { exact: string[] | null; req: string[] | null }
const MAX_REQ = 64;
const MAX_REQ_LEN = 10;
const EMPTY = (): Req => ({ exact: [''], req: null });
const UNKNOWN = (): Req => ({ exact: null, req: null });

/** How selective a set is: longer shortest string first (capped), then fewer strings; -1 when useless. */
function score(set: string[] | null): number {
  if (!set || !set.length || set.length > MAX_REQ) return -1;
  let min = Infinity;
  for (const x of set) min = Math.min(min, x.length);
  return min < 2 ? -1 : Math.min(min, 12) * 1000 - set.length;
}
function better(a: string[] | null, b: string[] | null): string[] | null {
  return score(b) > score(a) ? b : score(a) >= 0 ? a : null;
}
const best = (n: Req): string[] | null => better(n.req, n.exact);
const uniq = (a: string[]): string[] => [...new Set(a)];

const REQUIRED: Algebra<Req> = {
  empty: EMPTY,
  unknown: UNKNOWN,
  chars: (set) => ({ exact: set, req: null }),
  look: (inner) => ({ exact: [''], req: best(inner) }),
  quant(atom, min, max) {
    if (min === 0 && max === 1) return { exact: atom.exact ? uniq([...atom.exact, '']) : null, req: null };
    if (min === 0) return UNKNOWN();
    // at least once: what the part must contain, every match contains
    return { exact: null, req: best(atom) };
  },
  seq(parts) {
    let run: string[] = [''];
    let req: string[] | null = null;
    let allExact = true;
    for (const atom of parts) {
      if (atom.exact) {
        if (run.length * atom.exact.length > MAX_SET) {
          // too many combinations: keep what the run gives, and start a new run at this part
          req = better(req, run);
          run = atom.exact;
          allExact = false;
        } else {
          const next: string[] = [];
          for (const a of run) for (const b of atom.exact) next.push(a + b);
          run = uniq(next);
        }
        req = better(req, atom.req);
      } else {
        req = better(better(req, run), atom.req);
        run = [''];
        allExact = false;
      }
    }
    req = better(req, run);
    return { exact: allExact ? run : null, req };
  },
  alt(parts) {
    if (parts.length === 1) return parts[0]!;
    const exact = parts.every((p) => p.exact) ? uniq(parts.flatMap((p) => p.exact!)) : null;
    const bests = parts.map(best);
    const req = bests.every((x) => x) ? uniq(bests.flatMap((x) => x!)) : null;
    return { exact: exact && exact.length <= MAX_SET ? exact : null, req: req && req.length <= MAX_REQ ? req : null };
  },
};

const cache = new WeakMap<RegExp, string[] | null>();

/**
 * The analysis of the built-in expressions, precomputed at build time (scripts/prefilter-cache.mjs)
 * and keyed by flags and source; used only when it was made by this very module (same hash).
 */
const moduleHash = (() => {
  try { return createHash('sha1').update(fs.readFileSync(fileURLToPath(import.meta.url))).digest('hex'); } catch { return ''; }
})();
const prebuilt: Map<string, string[] | null> = (() => {
  try {
    const c = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../prefilter-cache.json', import.meta.url)), 'utf8')) as { module: string; entries: Record<string, string[] | null> };
    return c.module === moduleHash && moduleHash ? new Map(Object.entries(c.entries)) : new Map();
  } catch { return new Map(); }
})();
const keyOf = (re: RegExp) => `${re.flags}/${re.source}`;

/** The analysis of every registered expression, for scripts/prefilter-cache.mjs. */
export function exportPrefilterCache(): { module: string; entries: Record<string, string[] | null> } {
  const entries: Record<string, string[] | null> = {};
  for (const re of registered.keys()) entries[keyOf(re)] = literalPrefixes(re);
  return { module: moduleHash, entries };
}

/** Keep the shortest strings: one that contains a shorter one in the set adds nothing to a search. */
function minimal(strs: string[]): string[] {
  strs = [...strs].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const x of strs) if (!kept.some((k) => x.includes(k))) kept.push(x);
  return kept;
}

/**
 * Lower-case strings one of which every match of `re` contains (a prefix of the match, or a word it
 * must have further on, whichever set is more selective), or null when unknown: then it always runs.
 */
export function literalPrefixes(re: RegExp): string[] | null {
  if (cache.has(re)) return cache.get(re)!;
  const pre = prebuilt.get(keyOf(re));
  if (pre !== undefined) { cache.set(re, pre); return pre; }
  let out: string[] | null = null;
  try {
    if (re.flags.includes('x')) throw new Error('unsupported');
    const icase = re.flags.includes('i');
    const strs = [...Reader.read(re.source, icase, PREFIXES).keys()];
    // a prefix shorter than two characters filters nothing useful
    const prefixes = strs.length && strs.every((x) => x.length >= 2) ? minimal(strs) : null;
    let required: string[] | null = null;
    try {
      // a leading piece of a string every match contains is contained too: keep the automaton small
      const b = best(Reader.read(re.source, icase, REQUIRED));
      required = b ? minimal(b.map((x) => x.slice(0, MAX_REQ_LEN))) : null;
    } catch { /* the prefixes alone */ }
    out = better(prefixes, required);
  } catch {
    out = null;
  }
  cache.set(re, out);
  return out;
}

/** The text a prefilter searches: lower case, with the two non-ASCII characters /iu folds to ASCII letters. */
export function prefilterText(text: string): string {
  const l = text.toLowerCase();
  return l.includes('ſ') ? l.replace(/ſ/g, 's') : l;
}

/**
 * One pass per segment: an Aho–Corasick automaton over the prefixes of every registered expression
 * finds which prefixes occur in the text, and an inverted index turns them into the expressions that
 * may match (each expression has a number, given in registration order). The cost per segment is
 * linear in its length plus the number of candidates, however many rules and patterns there are:
 * no rule walks its whole pattern list for a segment that contains none of its words.
 */
interface AcState { next: Map<number, number>; fail: number; out: number[] }
/** expression → its number, in registration order */
const registered = new Map<RegExp, number>();
/** prefix → numbers of the expressions that start with it */
const prefixIds = new Map<string, number[]>();
/** expressions with no usable prefix: candidates for every text */
const alwaysIds: number[] = [];
let states: AcState[] = [];
let dirty = false;
let version = 0;

function rebuild(): void {
  states = [{ next: new Map(), fail: 0, out: [] }];
  for (const [p, ids] of prefixIds) {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      let n = states[s]!.next.get(c);
      if (n === undefined) { n = states.length; states.push({ next: new Map(), fail: 0, out: [] }); states[s]!.next.set(c, n); }
      s = n;
    }
    states[s]!.out.push(...ids);
  }
  const queue: number[] = [];
  for (const n of states[0]!.next.values()) queue.push(n);
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    for (const [c, n] of states[s]!.next) {
      let f = states[s]!.fail;
      while (f !== 0 && !states[f]!.next.has(c)) f = states[f]!.fail;
      const to = states[f]!.next.get(c);
      states[n]!.fail = to !== undefined && to !== n ? to : 0;
      states[n]!.out = states[n]!.out.concat(states[states[n]!.fail]!.out);
      queue.push(n);
    }
  }
  buildTable();
  dirty = false;
  version++;
}

/**
 * The automaton as a dense table for speed: one column per character that occurs in some literal
 * (lower-case ASCII and the few punctuation marks SAFE_LITERAL allows, ’ “ ” included), plus column 0
 * for every other character, which leads back to the start.
 */
let table = new Int32Array(0);
let cols = 1;
const colOf = new Map<number, number>();
const column = (c: number): number => colOf.get(c) ?? 0;
function buildTable(): void {
  colOf.clear();
  for (const st of states) for (const c of st.next.keys()) if (!colOf.has(c)) colOf.set(c, colOf.size + 1);
  cols = colOf.size + 1;
  ascii = new Int32Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = colOf.get(c) ?? 0;
  const chars = [-1, ...colOf.keys()];
  table = new Int32Array(states.length * cols);
  // breadth-first: a state's fail state is always filled in before the state itself
  const order = [0];
  for (let qi = 0; qi < order.length; qi++) for (const n of states[order[qi]!]!.next.values()) order.push(n);
  for (const s of order) {
    const st = states[s]!, base = s * cols, fbase = st.fail * cols;
    for (let col = 1; col < cols; col++) {
      const n = st.next.get(chars[col]!);
      table[base + col] = n !== undefined ? n : s === 0 ? 0 : table[fbase + col]!;
    }
  }
}

let mark = new Uint8Array(0);
/** column of each ASCII character (a Map lookup only for the rest) */
let ascii = new Int32Array(128);
/** The numbers, ascending, of the registered expressions that may match in `lower`. */
function scan(lower: string): number[] {
  if (mark.length < registered.size) mark = new Uint8Array(registered.size * 2);
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    s = table[s * cols + (c < 128 ? ascii[c]! : column(c))]!;
    const o = states[s]!.out;
    for (let k = 0; k < o.length; k++) { const id = o[k]!; if (!mark[id]) { mark[id] = 1; out.push(id); } }
  }
  for (const id of alwaysIds) if (!mark[id]) { mark[id] = 1; out.push(id); }
  for (const id of out) mark[id] = 0;
  return out.sort((a, b) => a - b);
}

/** Register expressions up front (term rules do, when built) so the automaton is built once. Returns their numbers. */
export function registerRegexes(res: Iterable<RegExp>): number[] {
  const ids: number[] = [];
  for (const re of res) {
    let id = registered.get(re);
    if (id === undefined) {
      id = registered.size;
      registered.set(re, id);
      const p = literalPrefixes(re);
      if (!p) alwaysIds.push(id);
      else for (const x of p) { const l = prefixIds.get(x); if (l) l.push(id); else prefixIds.set(x, [id]); }
      dirty = true;
    }
    ids.push(id);
  }
  return ids;
}

/**
 * Register the expressions of a list of items (a rule's entries, a statistics registry) all at once,
 * so the automaton is built once, and map each expression number back to the items it stands for.
 * Numbers are given in registration order, so walking candidates() ascending visits the items in
 * list order.
 */
export function planItems<T>(items: T[], reOf: (item: T) => RegExp): Map<number, T[]> {
  const ids = registerRegexes(items.map(reOf));
  const plan = new Map<number, T[]>();
  items.forEach((item, i) => { const l = plan.get(ids[i]!); if (l) l.push(item); else plan.set(ids[i]!, [item]); });
  return plan;
}

/** The number of a registered expression (registering it when needed). */
export function regexId(re: RegExp): number {
  return registered.get(re) ?? registerRegexes([re])[0]!;
}

/** candidates per text (the rules take turns over the same segments) */
let textCache = new Map<string, { version: number; ids: number[] }>();
let cachedChars = 0;

/** The numbers, ascending, of the registered expressions that may match in text whose prefilterText is `lower`. */
export function candidates(lower: string): number[] {
  if (dirty) rebuild();
  let c = textCache.get(lower);
  if (!c || c.version !== version) {
    if (cachedChars > 4_000_000 || textCache.size > 20_000) { textCache = new Map(); cachedChars = 0; }
    c = { version, ids: scan(lower) };
    textCache.set(lower, c);
    cachedChars += lower.length;
  }
  return c.ids;
}

const docCache = new WeakMap<object, { version: number; ids: number[][] }>();
/**
 * candidates() for every segment of a document, by segment index, computed once per document: the
 * rules take turns over the same segments (tens of thousands of look-ups otherwise).
 */
export function documentCandidates(doc: { segments: { text: string }[] }): number[][] {
  if (dirty) rebuild();
  let c = docCache.get(doc);
  if (!c || c.version !== version || c.ids.length !== doc.segments.length) {
    c = { version, ids: doc.segments.map((seg) => candidates(segmentLower(seg))) };
    docCache.set(doc, c);
  }
  return c.ids;
}

/** Can `re` match in the text whose prefilterText is `lower`? (false only when it certainly cannot) */
export function mayMatch(re: RegExp, lower: string): boolean {
  if (!literalPrefixes(re)) return true;
  const id = regexId(re);
  const ids = candidates(lower);
  // binary search: the list is ascending
  let lo = 0, hi = ids.length - 1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; const v = ids[mid]!; if (v === id) return true; if (v < id) lo = mid + 1; else hi = mid - 1; }
  return false;
}

const segCache = new WeakMap<object, string>();
/** prefilterText of a segment, computed once per segment. */
export function segmentLower(seg: { text: string }): string {
  let l = segCache.get(seg);
  if (l === undefined) { l = prefilterText(seg.text); segCache.set(seg, l); }
  return l;
}
