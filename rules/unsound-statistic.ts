/** unsound-statistic: figures the statistics registry knows to be myths, outdated or mislabelled, even when a source is given. */
import { findClaims } from '../src/statistics/claims.js';
import { BUILTIN, explainRegistry, formatSource } from '../src/statistics/registry.js';
import type { Rule, SeverityName } from '../src/types.js';

const WHAT: Record<string, string> = {
  myth: 'This figure has no sound basis',
  outdated: 'This figure is out of date',
  mislabel: 'This claim misrepresents what the figure measures',
};

const rule: Rule & { explain(): string } = {
  meta: {
    id: 'unsound-statistic',
    description: 'Flags known myths, outdated figures and mislabelled statistics from the statistics registry, even when a source is given, and offers the sound figure with its citation.',
    principle: 'Sound statistics: figures must come from methodologically sound sources and be represented accurately',
    severity: 'error',
    scope: 'segment',
    recommended: true,
  },
  explain() {
    return explainRegistry(BUILTIN);
  },
  check(ctx) {
    const { claims, error } = findClaims(ctx);
    if (error) ctx.report({ message: `${error}. Fix the entry so campaign-lint can use it; the built-in registry was used for this file.`, severity: 'error' });
    for (const c of claims) {
      const e = c.entry;
      if (!e || e.status === 'sound' || c.debunked) continue;
      let sev: SeverityName = e.status === 'myth' ? 'error' : 'warn';
      // an old figure given with its year next to the current one is exactly right: nothing to report
      if (c.dated) continue;
      if (c.reported) sev = 'info';
      const src = e.sources[0]!;
      const dated = c.dated ? ' You give its year next to the current figure, which is fine; check that readers cannot mistake it for today\'s number.' : '';
      ctx.report({
        segment: c.seg, start: c.start, end: c.end, severity: sev,
        message: `${WHAT[e.status]} (${e.label ?? e.id}, from ${e.year}). ${e.why}${dated} Use instead: ${e.replacement}`,
        suggestions: [{ desc: `Instead: ${e.replacement} Source: ${formatSource(src)}` }],
        extra: { statistic: e.id, status: e.status, sources: e.sources },
      });
    }
  },
};
export default rule;
