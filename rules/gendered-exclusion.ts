/**
 * gendered-exclusion: wording that makes all victims female and all offenders male.
 * Slogan-level entries marked `inclusive` stay silent when the piece also names boys, men or
 * LGBTQ+ people as affected; claims about who offenders are always fire. In `strict`, a piece
 * with several female-only generic victim references and no inclusive signal gets a document note.
 */
import data from './data/gendered-exclusion.json' with { type: 'json' };
import { compilePattern, runFor, termRule } from '../src/term-rule.js';
import type { CampaignDocument } from '../src/types.js';
import { docOnTopic } from '../src/context/index.js';

const INCLUSIVE = new RegExp(data.inclusiveSignals, 'i');
const inclusiveIds = new Set(data.entries.filter((e) => (e as { inclusive?: boolean }).inclusive).map((e) => e.id));
/** Does the piece name boys, men or LGBTQ+ people as affected (not in a sentence that denies it, e.g. "boys can't be trafficked")? */
const inclusiveCache = new WeakMap<CampaignDocument, boolean>();
function inclusiveDoc(doc: CampaignDocument): boolean {
  // once per document (it was once per hit: quadratic on long files)
  let v = inclusiveCache.get(doc);
  if (v === undefined) { v = inclusiveDocUncached(doc); inclusiveCache.set(doc, v); }
  return v;
}
function inclusiveDocUncached(doc: CampaignDocument): boolean {
  return doc.segments.some((s) => {
    // drop the erasure claims ("not boys") before looking for an inclusive signal
    let t = s.text;
    for (const compiled of ERASURE) {
      const { re, subject } = runFor(compiled, t);
      re.lastIndex = 0;
      t = subject.replace(re, ' ');
    }
    return INCLUSIVE.test(t);
  });
}
const FEMALE_GENERIC = /\b(girls?|women|woman|daughters?|sisters?)\b/gi;

const ERASURE = data.entries.filter((e) => e.id === 'male-erasure').flatMap((e) => e.patterns.map((p) => compilePattern(p)));

const rule = termRule({
  id: 'gendered-exclusion',
  description: 'Flags wording that presents all victims as women and girls or all offenders as men, erasing boys, men and LGBTQ+ people.',
  principle: 'Do not erase boys, men and LGBTQ+ people',
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, { ...data, entries: data.entries.map(({ inclusive: _i, ...e }) => e) }, {
  accept(hit, ctx) {
    if (!inclusiveIds.has(hit.entry.id)) return true;
    return !inclusiveDoc(ctx.doc);
  },
  after(ctx, hits) {
    if (!ctx.options.strict || hits.length || !docOnTopic(ctx.doc)) return;
    if (inclusiveDoc(ctx.doc)) return;
    let n = 0;
    for (const s of ctx.doc.segments) n += (s.text.match(FEMALE_GENERIC) ?? []).length;
    if (n >= 3) {
      ctx.report({
        severity: 'warn',
        message: `This piece refers to victims as women and girls ${n} times and never mentions men, boys or LGBTQ+ people. Men and boys were 39% of detected victims in 2022 (UNODC).`,
        suggestions: [{ desc: 'Add that people of every gender are affected, e.g. “Traffickers target women, men, girls, boys and LGBTQ+ youth.”' }],
      });
    }
  },
});
export default rule;
