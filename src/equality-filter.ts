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
}

export function equalityFilter(ignoreRules: Iterable<string>, ignorePhrases: string[] = []): EqualityFilter {
  if (!patterns) return { ignorePhrases: [], mayMatch: () => true };
  const ignored = new Set(ignoreRules);
  // retext-equality maps each phrase to the last pattern that lists it
  const owner = new Map<string, Pattern>();
  for (const p of patterns) for (const phrase of Object.keys(p.inconsiderate)) owner.set(phrase, p);
  const extra: string[] = [];
  const first = new Set<string>();          // first words of phrases searched with normalisation
  const firstApos = new Set<string>();      // ... of phrases searched with apostrophes kept
  let wildcard = false;
  const skip = new Set(ignorePhrases);
  for (const [phrase, p] of owner) {
    if (ignored.has(p.id)) { extra.push(phrase); continue; }
    if (skip.has(phrase)) continue;
    const w = phrase.split(' ', 1)[0]!;
    if (w === '*') wildcard = true;
    if (p.apostrophe) firstApos.add(normalize(w, { allowApostrophes: true })); else first.add(normalize(w));
  }
  if (wildcard) return { ignorePhrases: extra, mayMatch: () => true };
  const mayMatch = (tree: Root): boolean => {
    const stack: { type: string; children?: unknown[] }[] = [tree as never];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'WordNode') {
        if (first.has(normalize(node as unknown as Word)) || (firstApos.size && firstApos.has(normalize(node as unknown as Word, { allowApostrophes: true })))) return true;
        continue;
      }
      if (node.children) for (const c of node.children) stack.push(c as never);
    }
    return false;
  };
  return { ignorePhrases: extra, mayMatch };
}
