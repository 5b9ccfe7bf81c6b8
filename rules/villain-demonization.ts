/** villain-demonization: Flags epithets that turn traffickers and buyers into monsters, animals or shadowy strangers, and xenophobic villain framing. */
import data from './data/villain-demonization.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'villain-demonization',
  description: 'Flags epithets that turn traffickers and buyers into monsters, animals or shadowy strangers, and xenophobic villain framing.',
  principle: 'No demonised villains: most traffickers are known to the person',
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
