/** uncited-statistic: a number, rate, share or ranking about trafficking with no source next to it. */
import { findClaims } from '../src/statistics/claims.js';
import { formatSource } from '../src/statistics/registry.js';
import type { Rule, Suggestion } from '../src/types.js';

const rule: Rule = {
  meta: {
    id: 'uncited-statistic',
    description: 'Flags statistical claims (numbers, shares, rates, rankings, average ages) about trafficking that have no citation next to them.',
    principle: 'Sound statistics: figures must come from methodologically sound sources and be represented accurately',
    severity: 'warn',
    scope: 'segment',
    recommended: true,
  },
  check(ctx) {
    const { claims } = findClaims(ctx);
    for (const c of claims) {
      if (c.cited || c.debunked || c.reported) continue;
      const e = c.entry;
      const suggestions: Suggestion[] = [];
      let message: string;
      if (e && e.status === 'sound') {
        message = 'This figure has no source next to it. It is a sound figure: add its citation so readers can check it.';
        suggestions.push({ desc: `Cite it: ${formatSource(e.sources[0]!)}`, replacement: undefined });
      } else if (e) {
        message = 'This figure has no source next to it, and no sound source exists for it as written (see the unsound-statistic finding on the same words). Use the sound figure in the suggestion, with its source.';
        suggestions.push({ desc: `Instead: ${e.replacement} Source: ${formatSource(e.sources[0]!)}` });
      } else {
        message = 'This statistic has no source next to it. Name the organisation, publication and year (or link to it), or leave the number out if no sound source exists.';
        suggestions.push({ desc: 'Add "according to <organisation>, <report>, <year>" or a link to the source' });
        suggestions.push({ desc: 'If no methodologically sound source exists, describe the issue without a number' });
      }
      ctx.report({ segment: c.seg, start: c.start, end: c.end, severity: 'warn', message, suggestions: suggestions.map(({ desc, replacement }) => (replacement ? { desc, replacement } : { desc })), extra: e ? { statistic: e.id, status: e.status } : undefined });
    }
  },
};
export default rule;
