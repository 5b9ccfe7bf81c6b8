/**
 * image-alt-missing: an image in Markdown or HTML with no alt text, empty alt text that is not marked
 * decorative, or a placeholder (a file name, "image", "photo"). People using screen readers miss the
 * message, and an image's alt text is also where campaign-lint checks how people are portrayed.
 */
import type { CampaignDocument, ImageRef, Rule, Segment } from '../src/types.js';

const PLACEHOLDER = /^(image|img|picture|pic|photo|photograph|graphic|icon|banner|poster|logo|placeholder|alt|alt text|untitled|screenshot|figure|\d+)$/i;
const FILENAME = /^[\w@%+~-]+(?: [\w@%+~-]+)*\.(?:jpe?g|png|gif|webp|svg|tiff?|avif|heic|bmp)$/i;

/** a segment covering the image reference itself, so the finding points at it */
function refSegment(doc: CampaignDocument, img: ImageRef, id: number): Segment {
  const len = Math.max(0, img.end - img.start);
  return { id, text: doc.text.slice(img.start, img.end), kind: 'alt', source: 'alt', pieces: [{ seg: 0, file: img.start, len, fileLen: len }], image: id };
}

const rule: Rule = {
  meta: {
    id: 'image-alt-missing',
    description: 'Flags images in Markdown and HTML without alt text (or with a placeholder such as a file name), unless they are marked decorative.',
    principle: 'Everyone can receive the message: accessible materials reach survivors and supporters who use screen readers',
    severity: 'warn',
    scope: 'document',
    recommended: true,
  },
  check(ctx) {
    const { doc } = ctx;
    if (doc.format !== 'markdown' && doc.format !== 'html') return;
    const named = new Set(doc.segments.filter((s) => s.image !== undefined && (s.source === 'aria-label' || s.source === 'alt') && s.text.trim()).map((s) => s.image));
    doc.images.forEach((img, i) => {
      if (img.decorative) return;
      const alt = img.alt?.trim();
      const seg = refSegment(doc, img, i);
      const where = img.src ? ` (${img.src})` : '';
      if (alt === undefined || alt === '') {
        if (named.has(i)) return; // aria-label names it
        const html = doc.text.slice(img.start, img.start + 1) === '<';
        ctx.report({
          segment: seg, start: 0, end: seg.text.length,
          message: alt === undefined
            ? `This image${where} has no alt text, so people using screen readers miss it. Describe what it shows and why it is there, in a short sentence.`
            : `This image${where} has empty alt text, so screen readers skip it. Describe what it shows in a short sentence${html ? ', or, if it is only decoration, add role="presentation"' : ''}.`,
          suggestions: [
            { desc: 'Write alt text that says what the picture shows and why it matters, e.g. "Two helpline volunteers taking calls"' },
            ...(html ? [{ desc: 'If the image is purely decorative, keep alt="" and add role="presentation"' }] : []),
          ],
        });
      } else if (PLACEHOLDER.test(alt) || FILENAME.test(alt)) {
        ctx.report({
          segment: seg, start: 0, end: seg.text.length,
          message: `The alt text "${alt}" of this image${where} does not say what it shows. Describe the picture and why it is there, in a short sentence.`,
          suggestions: [{ desc: 'Replace it with a description, e.g. "Two helpline volunteers taking calls"' }],
        });
      }
    });
  },
};
export default rule;
