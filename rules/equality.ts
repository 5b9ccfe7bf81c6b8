/** equality: inclusive language through retext-equality, run on every prose segment (table cells, alt text and front matter included). */
import { unified } from 'unified';
import retextEquality from 'retext-equality';
import { VFile } from 'vfile';
import type { Root } from 'nlcst';
import data from './data/equality.json' with { type: 'json' };
import { analyze, mentionContext } from '../src/context/index.js';
import { allowed } from '../src/term-rule.js';
import { equalityFilter } from '../src/equality-filter.js';
import type { Rule } from '../src/types.js';

const ignoreRules = new Set(data.ignoreRules);
const NOT_PEOPLE = new RegExp(`^\\s+(?:[\\w-]+\\s+)?(?:${data.notPeople.nouns})\\b`, 'i');
// equalityFilter (src/equality-filter.ts): same findings, far less work (ignored patterns never searched, segments without a trigger word skipped)
const filter = equalityFilter(data.ignoreRules, data.ignorePhrases);
const baseIgnore = [...data.ignorePhrases, ...filter.ignorePhrases];
const processor = unified().use(retextEquality, { ignore: baseIgnore }).freeze();

/**
 * A processor that searches only the given phrases (the others ignored), cached by phrase set:
 * retext-equality re-reads its whole phrase list for every paragraph, and a paragraph can only match
 * phrases whose first word it contains (src/equality-filter.ts). Same findings, less work.
 */
const narrowed = new Map<string, typeof processor>();
function processorFor(relevant: string[] | null): typeof processor {
  if (!relevant) return processor;
  const key = relevant.join('\n');
  let p = narrowed.get(key);
  if (!p) {
    if (narrowed.size >= 512) return processor;
    const keep = new Set(relevant);
    p = unified().use(retextEquality, { ignore: [...baseIgnore, ...filter.searchedPhrases.filter((x) => !keep.has(x))] }).freeze();
    narrowed.set(key, p);
  }
  return p;
}

const rule: Rule = {
  meta: {
    id: 'equality',
    description: 'Flags language that is insensitive about gender, disability, race or other traits (retext-equality), with considerate alternatives.',
    principle: 'People-first, respectful language',
    severity: 'warn',
    scope: 'segment',
    recommended: true,
  },
  async check(ctx) {
    for (const seg of ctx.doc.segments) {
      // most segments hold no word that starts a searched phrase: decided on the text, before parsing it
      if (!filter.mayMatchText(seg.text)) continue;
      const a = analyze(seg);
      if (!filter.mayMatch(a.tree as Root)) continue;
      const file = new VFile({ value: seg.text });
      await processorFor(filter.relevantPhrases(a.tree as Root)).run(a.tree as Root, file);
      for (const m of file.messages) {
        if (m.ruleId && ignoreRules.has(m.ruleId)) continue;
        const start = m.place && 'start' in m.place ? m.place.start.offset : undefined;
        const end = m.place && 'end' in m.place ? m.place.end.offset : undefined;
        if (start === undefined || end === undefined) continue;
        const actual = seg.text.slice(start, end);
        // a capitalised word inside a multi-word name or before a street/building word is a name (Grace Fellowship, Centro Latino, King St), not a word choice
        if (/^\p{Lu}/u.test(actual) && (/\p{Lu}[\p{L}'-]*\s+$/u.test(seg.text.slice(Math.max(0, start - 30), start)) || /^\s+(St|Street|Rd|Road|Ave|Avenue|Lane|Ln|Way|Square|Sq|Hall|Church|Centre|Center|Park)\b/.test(seg.text.slice(end)))) continue;
        if (allowed(ctx, actual)) continue;
        // 'a disabled fishing vessel': the word describes a thing, not a person
        if (NOT_PEOPLE.test(seg.text.slice(end, end + 40))) continue;
        const mc = mentionContext(ctx.doc, seg, start, end);
        if (mc.mentioned || (mc.quoted && mc.critique)) continue;
        const expected = ((m as unknown as { expected?: string[] }).expected ?? []).filter(Boolean);
        const alternatives = expected.length ? `Consider ${expected.map((x) => `“${x}”`).join(', ')} instead.` : '';
        const note = (m as unknown as { note?: string }).note;
        ctx.report({
          segment: seg, start, end,
          severity: mc.reported ? 'info' : undefined,
          message: `“${actual}” may be insensitive to some readers. ${alternatives}${note ? ' ' + note : ''}`.trim(),
          suggestions: expected.map((x) => ({ desc: 'Say instead', replacement: x })),
          extra: { equalityRule: m.ruleId },
        });
      }
    }
  },
};
export default rule;
