/**
 * Making the equality rule cheap without changing what it reports.
 *
 * retext-equality searches every paragraph for ~1,000 phrases, and nlcst-search re-normalises the
 * first word of every phrase on each call: about 7 ms per file, the largest single cost of a run.
 * Two exact shortcuts:
 *  - `ignorePhrases`: the phrases of the pattern ids the rule ignores anyway (rules/data/equality.json
 *    `ignoreRules`), passed to retext-equality's own `ignore` option so they are never searched;
 *  - `mayMatch(tree)`: false when no word of the segment is the first word of any searched phrase
 *    (normalised exactly as nlcst-search does), in which case retext-equality cannot report anything
 *    and the segment is skipped. Most prose segments contain no such word.
 * If retext-equality's pattern list cannot be read (a future layout), both fall back to doing nothing:
 * slower, never different.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { normalize } from 'nlcst-normalize';
import type { Root, Word } from 'nlcst';

interface Pattern { id: string; inconsiderate: Record<string, string>; apostrophe?: boolean }

async function loadPatterns(): Promise<Pattern[] | undefined> {
  try {
    const main = createRequire(import.meta.url).resolve('retext-equality');
    const file = path.join(path.dirname(main), 'patterns-en.js');
    if (!fs.existsSync(file)) return undefined;
    const mod = (await import(pathToFileURL(file).href)) as { patterns?: Pattern[] };
    return Array.isArray(mod.patterns) ? mod.patterns : undefined;
  } catch {
    return undefined;
  }
}

const patterns = await loadPatterns();

export interface EqualityFilter {
  /** phrases to add to retext-equality's `ignore` option */
  ignorePhrases: string[];
  /** can retext-equality report anything in this segment tree? */
  mayMatch(tree: Root): boolean;
  /** the same question on the raw text, before it is parsed (false only when the tree answer is false too) */
  mayMatchText(text: string): boolean;
  /**
   * The searched phrases whose first word occurs in the tree (sorted), or null when unknown. Only
   * these can match, so retext-equality may search just them (it re-reads every phrase per paragraph).
   */
  relevantPhrases(tree: Root): string[] | null;
  /** every phrase retext-equality searches (not ignored) */
  searchedPhrases: string[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined): boolean => ch !== undefined && WORD_CHAR.test(ch);

interface Trie { next: Map<number, Trie>; end: boolean; /** the words that may follow (undefined: any) */ then?: Trie }
function trieOf(words: Iterable<[string, Set<string> | undefined]>): Trie {
  const root: Trie = { next: new Map(), end: false };
  for (const [w, follow] of words) {
    let t = root;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      let n = t.next.get(c);
      if (!n) t.next.set(c, (n = { next: new Map(), end: false }));
      t = n;
    }
    t.end = true;
    // a one-word phrase, or one followed by any word: the first word alone decides
    if (follow && !follow.has('') && !follow.has('*') && [...follow].every((x) => isWord(x[0]))) t.then = trieOf([...follow].map((x) => [x, undefined]));
  }
  return root;
}
/**
 * Does a word of `lower` (lower-cased text) normalise, as nlcst-normalize does, to one in the trie
 * (and, where the trie says which words may follow, is the next word one of them)? A word node of
 * parse-latin is a stretch without white space that neither starts nor ends next to a letter or
 * digit, and normalising it lower-cases it, turns ’ into ' and removes hyphens (and apostrophes
 * unless kept): so every word node's normal form is spelled out by this walk from some position after
 * a non-letter, ending before a non-letter, and the next word node starts at the next letter or digit
 * after it. Finding none proves retext-equality can find no phrase here.
 */
function textHasWord(lower: string, trie: Trie, keepApostrophes: boolean, from = 0, only = false): boolean {
  const skip = (c: number) => c === 45 /* - */ || (!keepApostrophes && (c === 39 || c === 0x2019));
  for (let p = from; p < lower.length; p++) {
    if (p > 0 && isWord(lower[p - 1])) continue;
    let t: Trie | undefined = trie;
    for (let i = p; i < lower.length && t; i++) {
      let c = lower.charCodeAt(i);
      if (skip(c)) continue;
      if (c === 0x2019) c = 39;
      t = t.next.get(c);
      if (t?.end && !isWord(lower[i + 1])) {
        // apostrophes kept: a following word may start with one, so the first word decides
        if (!t.then || keepApostrophes) return true;
        let j = i + 1;
        while (j < lower.length && !isWord(lower[j])) j++;
        if (j < lower.length && textHasWord(lower, t.then, false, j, true)) return true;
      }
    }
    if (only) return false;
  }
  return false;
}

export function equalityFilter(ignoreRules: Iterable<string>, ignorePhrases: string[] = []): EqualityFilter {
  if (!patterns) return { ignorePhrases: [], mayMatch: () => true, mayMatchText: () => true, relevantPhrases: () => null, searchedPhrases: [] };
  const ignored = new Set(ignoreRules);
  // retext-equality maps each phrase to the last pattern that lists it
  const owner = new Map<string, Pattern>();
  for (const p of patterns) for (const phrase of Object.keys(p.inconsiderate)) owner.set(phrase, p);
  const extra: string[] = [];
  // first word → the second words that can follow it ('' : the phrase is one word, '*' : any word)
  const first = new Map<string, Set<string>>();      // phrases searched with normalisation
  const firstApos = new Map<string, Set<string>>();  // ... with apostrophes kept
  // first word → the phrases that start with it
  const phrasesBy = new Map<string, string[]>();
  const phrasesByApos = new Map<string, string[]>();
  const searched: string[] = [];
  let wildcard = false;
  const skip = new Set(ignorePhrases);
  for (const [phrase, p] of owner) {
    if (ignored.has(p.id)) { extra.push(phrase); continue; }
    if (skip.has(phrase)) continue;
    searched.push(phrase);
    const words = phrase.split(' ');
    if (words[0] === '*') wildcard = true;
    const opts = p.apostrophe ? { allowApostrophes: true } : undefined;
    const map = p.apostrophe ? firstApos : first;
    const k = normalize(words[0]!, opts);
    const by = p.apostrophe ? phrasesByApos : phrasesBy;
    by.set(k, [...(by.get(k) ?? []), phrase]);
    let next = map.get(k);
    if (!next) map.set(k, (next = new Set()));
    next.add(words.length === 1 ? '' : words[1] === '*' ? '*' : normalize(words[1]!, opts));
  }
  if (wildcard) return { ignorePhrases: extra, mayMatch: () => true, mayMatchText: () => true, relevantPhrases: () => null, searchedPhrases: searched };
  type N = { type: string; children?: N[] };
  const hit = (map: Map<string, Set<string>>, siblings: N[], i: number, opts?: { allowApostrophes: boolean }): boolean => {
    const next = map.get(normalize(siblings[i] as unknown as Word, opts));
    if (!next) return false;
    if (next.has('') || next.has('*')) return true;
    // nlcst-search lets only white space come between the words of a phrase
    let j = i + 1;
    while (j < siblings.length && siblings[j]!.type === 'WhiteSpaceNode') j++;
    const w = siblings[j];
    return w !== undefined && w.type === 'WordNode' && next.has(normalize(w as unknown as Word, opts));
  };
  const mayMatch = (tree: Root): boolean => {
    const stack: N[] = [tree as unknown as N];
    while (stack.length) {
      const node = stack.pop()!;
      const kids = node.children;
      if (!kids) continue;
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i]!;
        if (c.type === 'WordNode') {
          if (hit(first, kids, i) || (firstApos.size > 0 && hit(firstApos, kids, i, { allowApostrophes: true }))) return true;
        } else if (c.children) stack.push(c);
      }
    }
    return false;
  };
  const trie = trieOf(first);
  const trieApos = trieOf(firstApos);
  const mayMatchText = (text: string): boolean => {
    const lower = text.toLowerCase();
    return textHasWord(lower, trie, false) || (firstApos.size > 0 && textHasWord(lower, trieApos, true));
  };
  const relevantPhrases = (tree: Root): string[] => {
    const out = new Set<string>();
    const stack: N[] = [tree as unknown as N];
    while (stack.length) {
      const node = stack.pop()!;
      for (const c of node.children ?? []) {
        if (c.type === 'WordNode') {
          for (const x of phrasesBy.get(normalize(c as unknown as Word)) ?? []) out.add(x);
          if (phrasesByApos.size) for (const x of phrasesByApos.get(normalize(c as unknown as Word, { allowApostrophes: true })) ?? []) out.add(x);
        } else if (c.children) stack.push(c);
      }
    }
    return [...out].sort();
  };
  return { ignorePhrases: extra, mayMatch, mayMatchText, relevantPhrases, searchedPhrases: searched };
}
