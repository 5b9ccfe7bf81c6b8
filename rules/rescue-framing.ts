/** rescue-framing: Flags saviour narratives that centre the organisation, donor or police, and coercive or conditional aftercare. */
import data from './data/rescue-framing.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'rescue-framing',
  description: "Flags saviour narratives that centre the organisation, donor or police, and coercive or conditional aftercare.",
  principle: "Survivor autonomy: no saviour rescue framing, aftercare must be non-coercive",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
