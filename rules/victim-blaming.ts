/** victim-blaming: Flags wording that says the person harmed chose, caused or deserved the exploitation, and prevention copy that puts all responsibility on potential victims. */
import data from './data/victim-blaming.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'victim-blaming',
  description: "Flags wording that says the person harmed chose, caused or deserved the exploitation, and prevention copy that puts all responsibility on potential victims.",
  principle: "Never the survivor's fault: frame vulnerability without blame",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
