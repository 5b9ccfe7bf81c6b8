/** sex-work-conflation: Flags definitions that equate all adult sex work, prostitution or escorting with trafficking; statements about minors or stated coercion are left alone. */
import data from './data/sex-work-conflation.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'sex-work-conflation',
  description: "Flags definitions that equate all adult sex work, prostitution or escorting with trafficking; statements about minors or stated coercion are left alone.",
  principle: "Not all selling of sex is trafficking",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
