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

class Parser {
  i = 0;
  constructor(private s: string, private icase: boolean) {}

  fail(): never { throw new Error('unsupported'); }

  parseAlt(): Frag {
    const parts: Frag[] = [this.parseSeq()];
    while (this.s[this.i] === '|') { this.i++; parts.push(this.parseSeq()); }
    const out = parts.length === 1 ? parts[0]! : union(parts);
    if (out.size > MAX_SET) this.fail();
    return out;
  }

  parseSeq(): Frag {
    let acc: Frag = ZERO();
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.parseQuant(this.parseAtom());
      const next: Frag = new Map();
      for (const [a, aDone] of acc) {
        if (aDone) { next.set(a, true); continue; }
        for (const [b, bDone] of atom) {
          const ab = a + b;
          const k = ab.slice(0, MAX_LEN);
          next.set(k, (next.get(k) ?? false) || bDone || ab.length >= MAX_LEN);
        }
      }
      if (next.size > MAX_SET) {
        // too many combinations: stop extending (every string so far is still a valid prefix)
        acc = new Map([...acc].map(([k]) => [k, true]));
        continue;
      }
      acc = next;
    }
    return acc;
  }

  parseAtom(): Frag {
    const c = this.s[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      if (this.s[this.i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(this.s.slice(this.i));
        if (!m) this.fail();
        look = m[0] === '?=' || m[0] === '?!' || m[0] === '?<=' || m[0] === '?<!';
        this.i += m[0].length;
      }
      const inner = this.parseAlt();
      if (this.s[this.i] !== ')') this.fail();
      this.i++;
      return look ? ZERO() : inner;
    }
    if (c === '[') return this.parseClass();
    if (c === '\\') {
      const d = this.s[this.i + 1];
      if (d === undefined) this.fail();
      this.i += 2;
      if (d === 'b' || d === 'B') return ZERO();
      if ('dDwWsSpPuxck0123456789'.includes(d)) {
        if ((d === 'p' || d === 'P' || d === 'u' || d === 'x') && this.s[this.i] === '{') { const e = this.s.indexOf('}', this.i); if (e < 0) this.fail(); this.i = e + 1; }
        else if (d === 'u') this.i += 4;
        else if (d === 'x') this.i += 2;
        else if (d === 'c') this.i += 1;
        else if (d === 'k' && this.s[this.i] === '<') { const e = this.s.indexOf('>', this.i); if (e < 0) this.fail(); this.i = e + 1; }
        return ANY();
      }
      if ('nrtvf'.includes(d)) return ANY();
      return this.lit(d);
    }
    if (c === '^' || c === '$') { this.i++; return ZERO(); }
    if (c === '.') { this.i++; return ANY(); }
    if ('*+?{'.includes(c)) this.fail();
    this.i++;
    return this.lit(c);
  }

  lit(ch: string): Frag {
    const l = this.icase ? ch.toLowerCase() : ch;
    if (l.length !== 1 || !SAFE_LITERAL.test(l)) return ANY();
    // without /i an upper-case letter cannot be found in lower-cased text
    if (!this.icase && /[A-Z]/.test(ch)) return ANY();
    return new Map([[l, false]]);
  }

  parseClass(): Frag {
    const end = this.findClassEnd();
    const body = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    if (body.startsWith('^') || body === '') return ANY();
    const out: Frag = new Map();
    let k = 0;
    while (k < body.length) {
      let ch = body[k]!;
      if (ch === '\\') { const d = body[k + 1]; if (d === undefined || /[a-zA-Z0-9]/.test(d)) return ANY(); ch = d; k += 2; } else k++;
      if (body[k] === '-' && k + 1 < body.length) {
        const to = body[k + 1]!;
        if (to === '\\') return ANY();
        const a = ch.charCodeAt(0), b = to.charCodeAt(0);
        if (b - a > 26 || b < a) return ANY();
        for (let x = a; x <= b; x++) { const f = this.lit(String.fromCharCode(x)); if (f.has('')) return ANY(); for (const [s2] of f) out.set(s2, false); }
        k += 2;
        continue;
      }
      const f = this.lit(ch);
      if (f.has('')) return ANY();
      for (const [s2] of f) out.set(s2, false);
    }
    return out.size ? out : ANY();
  }

  findClassEnd(): number {
    let k = this.i + 1;
    if (this.s[k] === '^') k++;
    if (this.s[k] === ']') k++;
    for (; k < this.s.length; k++) {
      if (this.s[k] === '\\') { k++; continue; }
      if (this.s[k] === ']') return k;
    }
    return this.fail();
  }

  parseQuant(atom: Frag): Frag {
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
    if (min === 1 && max === 1) return atom;
    // after the first repetition nothing more is known
    const out: Frag = new Map([...atom].map(([k, done]) => [k, done || max > 1]));
    if (min === 0) out.set('', out.get('') ?? false); // the part can be skipped entirely
    return out;
  }
}

const cache = new WeakMap<RegExp, string[] | null>();

/** Lower-case strings one of which every match of `re` starts with, or null when unknown. */
export function literalPrefixes(re: RegExp): string[] | null {
  if (cache.has(re)) return cache.get(re)!;
  let out: string[] | null = null;
  try {
    if (re.flags.includes('x')) throw new Error('unsupported');
    const p = new Parser(re.source, re.flags.includes('i'));
    const f = p.parseAlt();
    if (p.i !== re.source.length) throw new Error('unsupported');
    const strs = [...f.keys()];
    // a prefix shorter than two characters filters nothing useful
    if (strs.length && strs.every((x) => x.length >= 2)) {
      // drop prefixes that contain a shorter one (includes() of the shorter one covers them)
      strs.sort((a, b) => a.length - b.length);
      const kept: string[] = [];
      for (const x of strs) if (!kept.some((k) => x.includes(k))) kept.push(x);
      out = kept;
    }
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
 * One pass per segment: an Aho–Corasick automaton over the prefixes of every expression seen so far
 * finds which prefixes occur in the text, so the cost is linear in the segment however many rules
 * and patterns there are (a long segment is not rescanned once per pattern).
 */
interface AcState { next: Map<number, number>; fail: number; out: string[] }
const registered = new WeakSet<RegExp>();
const allPrefixes = new Set<string>();
let states: AcState[] = [];
let dirty = false;
let version = 0;

function rebuild(): void {
  states = [{ next: new Map(), fail: 0, out: [] }];
  for (const p of allPrefixes) {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      let n = states[s]!.next.get(c);
      if (n === undefined) { n = states.length; states.push({ next: new Map(), fail: 0, out: [] }); states[s]!.next.set(c, n); }
      s = n;
    }
    states[s]!.out.push(p);
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
  dirty = false;
  version++;
}

function scan(text: string): Set<string> {
  const found = new Set<string>();
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let st = states[s]!;
    while (s !== 0 && !st.next.has(c)) { s = st.fail; st = states[s]!; }
    s = st.next.get(c) ?? 0;
    const out = states[s]!.out;
    for (let k = 0; k < out.length; k++) found.add(out[k]!);
  }
  return found;
}

/** found prefixes per segment text (the rules take turns over the same segments) */
let foundCache = new Map<string, { version: number; found: Set<string> }>();
let cachedChars = 0;

/** Register expressions up front (term rules do, when built) so the automaton is built once. */
export function registerRegexes(res: Iterable<RegExp>): void {
  for (const re of res) {
    if (registered.has(re)) continue;
    registered.add(re);
    const p = literalPrefixes(re);
    if (p) for (const x of p) if (!allPrefixes.has(x)) { allPrefixes.add(x); dirty = true; }
  }
}

/** Can `re` match in the text whose prefilterText is `lower`? (false only when it certainly cannot) */
export function mayMatch(re: RegExp, lower: string): boolean {
  const p = literalPrefixes(re);
  if (!p) return true;
  if (!registered.has(re)) registerRegexes([re]);
  if (dirty) rebuild();
  let c = foundCache.get(lower);
  if (!c || c.version !== version) {
    if (cachedChars > 4_000_000 || foundCache.size > 20_000) { foundCache = new Map(); cachedChars = 0; }
    c = { version, found: scan(lower) };
    foundCache.set(lower, c);
    cachedChars += lower.length;
  }
  // walk the smaller side: patterns built from shared macros can have hundreds of prefixes
  if (p.length > c.found.size) {
    let set = prefixSets.get(re);
    if (!set) { set = new Set(p); prefixSets.set(re, set); }
    for (const x of c.found) if (set.has(x)) return true;
    return false;
  }
  for (const x of p) if (c.found.has(x)) return true;
  return false;
}
const prefixSets = new WeakMap<RegExp, Set<string>>();

const segCache = new WeakMap<object, string>();
/** prefilterText of a segment, computed once per segment. */
export function segmentLower(seg: { text: string }): string {
  let l = segCache.get(seg);
  if (l === undefined) { l = prefilterText(seg.text); segCache.set(seg, l); }
  return l;
}
