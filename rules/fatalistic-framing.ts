/** fatalistic-framing: Flags wording that presents vulnerability, exploitation or its harm as inevitable or permanent. */
import data from './data/fatalistic-framing.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'fatalistic-framing',
  description: "Flags wording that presents vulnerability, exploitation or its harm as inevitable or permanent.",
  principle: "Frame vulnerability without inevitability: recovery is possible",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
