/**
 * content-note (document-level): a piece that narrates abuse in detail with no content note at its
 * top. Counts distinct graphic details used in the piece's own voice (the context layer drops those
 * that are negated, criticised or quoted as examples) and looks for a note in the first segments or
 * a front-matter key. Info by default: it is advice for the reader's wellbeing.
 */
import { z } from 'zod';
import raw from './data/content-note.json' with { type: 'json' };
import { mentionContext } from '../src/context/index.js';
import type { Rule } from '../src/types.js';
import { copySegments } from './local-action.js';

const pattern = z.string().refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'not a valid regular expression');
const Schema = z.object({
  $comment: z.string().optional(),
  rule: z.literal('content-note'),
  minDetails: z.number().int().positive(),
  topSegments: z.number().int().positive(),
  detail: z.array(pattern).min(1),
  note: pattern,
  frontMatterKeys: z.array(z.string()),
  sample: z.string().min(1),
});
export const data = Schema.parse(raw);

const DETAIL = new RegExp(`\\b(?:${data.detail.map((d) => `(?:${d})`).join('|')})\\b`, 'giu');
const NOTE = new RegExp(data.note, 'iu');

const rule: Rule = {
  meta: {
    id: 'content-note',
    description: 'Flags pieces that describe abuse in graphic detail without a content note at the top.',
    principle: 'Trauma-informed communication: detailed accounts of abuse can re-traumatise survivors; warn readers first',
    severity: 'info',
    scope: 'document',
    recommended: true,
  },
  check(ctx) {
    const { doc } = ctx;
    if (data.frontMatterKeys.some((k) => doc.frontMatter[k] !== undefined && doc.frontMatter[k] !== false)) return;
    const segs = copySegments(doc);
    if (segs.slice(0, data.topSegments).some((s) => NOTE.test(s.text))) return;
    const found = new Map<string, string>();
    for (const seg of segs) {
      DETAIL.lastIndex = 0;
      for (let m; (m = DETAIL.exec(seg.text));) {
        const mc = mentionContext(doc, seg, m.index, m.index + m[0].length);
        if (mc.negated || mc.critique || mc.mentioned) continue;
        const key = m[0].toLowerCase().replace(/(ed|ing|en|s|t)$/, '');
        if (!found.has(key)) found.set(key, m[0]);
      }
    }
    if (found.size < data.minDetails) return;
    const shown = [...found.values()].slice(0, 3).map((x) => `“${x}”`).join(', ');
    ctx.report({
      message: `This piece describes abuse in detail (${shown}) but has no content note at the top. Readers who have lived through violence deserve a warning before they read it. Add a short note as the first line, and consider whether every detail is needed.`,
      severity: 'info',
      suggestions: [
        { desc: `Add a content note as the first line, e.g. “${data.sample}”` },
        { desc: 'Or cut the graphic details: say what happened in general terms and focus on the person\'s choices, strengths and recovery.' },
      ],
    });
  },
};

export default rule;
