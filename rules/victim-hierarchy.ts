/** victim-hierarchy: Flags wording that ranks victims (innocent, real, deserving) or contrasts them with sex workers, migrants or runaways. */
import data from './data/victim-hierarchy.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'victim-hierarchy',
  description: "Flags wording that ranks victims (innocent, real, deserving) or contrasts them with sex workers, migrants or runaways.",
  principle: "No hierarchy of victims",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
