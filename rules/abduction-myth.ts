/** abduction-myth: Flags kidnapping, white-van and viral abduction stories presented as how trafficking usually happens. */
import data from './data/abduction-myth.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'abduction-myth',
  description: "Flags kidnapping, white-van and viral abduction stories presented as how trafficking usually happens.",
  principle: "Sound information: most trafficking starts with someone the person knows",
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
