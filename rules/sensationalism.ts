/** sensationalism: Flags shocking, graphic or sexualised wording used to draw attention or donations, and fear-bait aimed at parents. */
import data from './data/sensationalism.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'sensationalism',
  description: 'Flags shocking, graphic or sexualised wording used to draw attention or donations, and fear-bait aimed at parents.',
  principle: 'No sensationalist, shocking or sexualised material: it re-exploits survivors',
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
