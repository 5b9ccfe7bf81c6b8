/**
 * image-location-leak: a campaign image whose metadata holds GPS coordinates or a precise place
 * (city, street, site). Reads `doc.data.location` filled by src/parse/image.ts. Findings that
 * `--fix` can remove carry `binaryFix: 'strip-location'` (src/parse/image-fix.ts).
 */
import { z } from 'zod';
import data from './data/image-location-leak.json' with { type: 'json' };
import type { Rule } from '../src/types.js';
import type { LocationField } from '../src/parse/image.js';
import '../src/parse/image-fix.js';

const Data = z.object({
  $comment: z.string().optional(),
  labels: z.record(z.string(), z.string().min(1)).refine((l) => 'default' in l, 'labels needs a "default"'),
  reason: z.string().min(1),
  fixable: z.string().min(1),
  sidecar: z.string().includes('{file}'),
});
const D = Data.parse(data);

/** "xmp:Iptc4xmpExt:LocationShown/Iptc4xmpExt:City" → label key "xmp:Iptc4xmpExt:LocationShown"; sidecar fields use the xmp: labels */
function label(source: string): string {
  const key = source.replace(/^xmp-sidecar:/, 'xmp:');
  return D.labels[key] ?? D.labels[key.split('/')[0]!] ?? D.labels.default!;
}

const rule: Rule = {
  meta: {
    id: 'image-location-leak',
    description: 'Flags GPS coordinates and precise places (city, street, site) in a campaign image\'s metadata, which can reveal where survivors or shelters are.',
    principle: 'Do no harm: survivors\' and shelters\' safety comes first',
    severity: 'error',
    scope: 'document',
    recommended: true,
    fixable: true,
  },
  check(ctx) {
    const fields = (ctx.doc.data?.location ?? []) as LocationField[];
    const allow = new Set(Array.isArray(ctx.options.allowFields) ? (ctx.options.allowFields as string[]) : []);
    for (const f of fields) {
      if (allow.has(f.source) || allow.has(f.source.split('/')[0]!)) continue;
      const what = label(f.source);
      const shown = f.source.endsWith('GPS') ? f.value : `"${f.value}"`;
      const fix = f.fixable ? D.fixable : D.sidecar.replace('{file}', String(ctx.doc.data?.sidecar ?? 'next to the image'));
      ctx.report({
        message: `This image's metadata holds ${what}: ${shown}. ${D.reason} ${fix}`,
        suggestions: [{ desc: f.fixable ? 'Remove the location from the image file (campaign-lint --fix)' : 'Remove the location from the sidecar .xmp file' }],
        extra: { source: f.source, actual: f.value, ...(f.fixable ? { binaryFix: 'strip-location' } : {}) },
      });
    }
  },
};
export default rule;
