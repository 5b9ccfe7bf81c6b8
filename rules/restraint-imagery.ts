/** restraint-imagery: chains, handcuffs, cages, gags and barcodes on people, in prose, alt text, captions, metadata and file names. */
import data from './data/restraint-imagery.json' with { type: 'json' };
import { termRule } from '../src/term-rule.js';

export default termRule({
  id: 'restraint-imagery',
  description: 'Flags text and image descriptions that show trafficked people bound, caged, gagged or branded, which misrepresents how trafficking works.',
  principle: 'Trafficking needs neither movement nor physical restraint: no chain, handcuff or cage imagery',
  severity: 'warn',
  scope: 'segment',
  recommended: true,
}, data);
