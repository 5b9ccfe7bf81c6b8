/** dehumanizing-label: nouns that reduce a person to exploitation, commodity status, a slur or immigration status. */
import data from './data/dehumanizing-label.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'dehumanizing-label',
  description: 'Flags labels that reduce people to their exploitation, a commodity, a sex-trade slur or an immigration status, and offers people-first terms.',
  principle: 'People-first language: survivors are people, not their experiences',
  severity: 'warn',
  scope: 'segment',
  recommended: true,
  fixable: true,
}, data);
