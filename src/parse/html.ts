/** HTML → the document model: visible text by block, alt/title attributes, figcaption, meta description. */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root, Element, ElementContent, RootContent } from 'hast';
import { LineIndex, SegmentBuilder } from '../positions.js';
import type { CampaignDocument, ImageRef, Segment, SegmentKind } from '../types.js';
import { scanDirectives } from './directives.js';

const docParser = unified().use(rehypeParse, { fragment: false });
const fragParser = unified().use(rehypeParse, { fragment: true });

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'code', 'pre', 'kbd', 'samp', 'svg', 'math', 'iframe', 'object', 'textarea', 'select']);
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'td', 'th', 'tr', 'table', 'thead', 'tbody', 'blockquote', 'figure', 'figcaption', 'body', 'html', 'form', 'fieldset', 'legend', 'address', 'details', 'summary', 'hr', 'br', 'caption', 'label', 'option', 'button']);

/** Find an attribute's value range inside an element's start tag. */
export function attrRange(text: string, tagStart: number, name: string): [number, number] | null {
  const end = text.indexOf('>', tagStart);
  const tag = text.slice(tagStart, end < 0 ? undefined : end);
  const re = new RegExp(`\\s${name.replace(/[:]/g, '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
  const m = re.exec(tag);
  if (!m) return null;
  const valStart = m.index + m[0].length - m[1]!.length + (m[1]!.startsWith('"') || m[1]!.startsWith("'") ? 1 : 0);
  const val = m[2] ?? m[3] ?? m[4] ?? '';
  return [tagStart + valStart, tagStart + valStart + val.length];
}

interface Frag { segments: Segment[]; images: ImageRef[] }

function walk(tree: Root, text: string, base: number, nextId: () => number, out: Frag) {
  let b = new SegmentBuilder();
  let links: { start: number; end: number; url: string }[] = [];
  let kind: SegmentKind = 'paragraph';
  let depth: number | undefined;
  const flush = () => {
    const seg = b.build(nextId(), { kind, source: kind === 'caption' ? 'caption' : 'text', depth, links: links.length ? links : undefined });
    if (seg) out.segments.push(seg);
    b = new SegmentBuilder(); links = []; kind = 'paragraph'; depth = undefined;
  };
  const attrSegment = (el: Element, attr: string, k: SegmentKind, source: string, image?: number) => {
    const v = el.properties?.[attr === 'aria-label' ? 'ariaLabel' : attr];
    if (typeof v !== 'string' || !v.trim() || el.position?.start.offset === undefined) return;
    const r = attrRange(text, el.position.start.offset, attr);
    const sb = new SegmentBuilder();
    if (r) sb.addAligned(v, text.slice(r[0], r[1]), base + r[0]); else sb.addExact(v, base + el.position.start.offset);
    const seg = sb.build(nextId(), { kind: k, source, image });
    if (seg) out.segments.push(seg);
  };
  const visit = (node: RootContent | ElementContent) => {
    if (node.type === 'text') {
      const s = node.position?.start.offset, e = node.position?.end.offset;
      if (s === undefined || e === undefined) { b.addGap(); return; }
      b.addAligned(node.value, text.slice(s, e), base + s);
      return;
    }
    if (node.type !== 'element') return;
    const el = node;
    const tag = el.tagName;
    if (tag === 'meta') {
      const name = String(el.properties?.name ?? el.properties?.property ?? '').toLowerCase();
      if (/^(description|og:description|og:image:alt|twitter:image:alt|twitter:description|og:title)$/.test(name)) {
        attrSegment(el, 'content', name.endsWith('alt') ? 'alt' : 'meta', `meta:${name}`);
      }
      return;
    }
    if (tag === 'title' && el.children[0]?.type === 'text') {
      flush(); kind = 'heading'; depth = 1;
      for (const c of el.children) visit(c);
      flush();
      return;
    }
    if (SKIP.has(tag)) { b.addGap(); return; }
    if (tag === 'img' || (tag === 'input' && el.properties?.type === 'image') || tag === 'area') {
      b.addGap();
      const alt = el.properties?.alt;
      const role = String(el.properties?.role ?? '');
      const ariaHidden = String(el.properties?.ariaHidden ?? '') === 'true';
      const s = el.position?.start.offset ?? 0, e = el.position?.end.offset ?? s;
      const imgIndex = out.images.length;
      out.images.push({ src: String(el.properties?.src ?? ''), alt: typeof alt === 'string' ? alt : undefined, decorative: (alt === '' && /presentation|none/.test(role)) || ariaHidden, start: base + s, end: base + e });
      attrSegment(el, 'alt', 'alt', 'alt', imgIndex);
      attrSegment(el, 'title', 'title', 'title', imgIndex);
      attrSegment(el, 'aria-label', 'alt', 'aria-label', imgIndex);
      return;
    }
    if (el.properties?.title && tag !== 'img') attrSegment(el, 'title', 'title', 'title');
    const isBlock = BLOCK.has(tag);
    if (isBlock) flush();
    if (tag === 'figcaption') kind = 'caption';
    else if (/^h[1-6]$/.test(tag)) { kind = 'heading'; depth = Number(tag[1]); }
    else if (tag === 'li') kind = 'list-item';
    else if (tag === 'td' || tag === 'th') kind = 'table-cell';
    else if (tag === 'blockquote') kind = 'blockquote';
    const start = b.text.length;
    for (const c of el.children) visit(c);
    if (tag === 'a' && el.properties?.href) links.push({ start, end: b.text.length, url: String(el.properties.href) });
    if (tag === 'sup') links.push({ start, end: b.text.length, url: '#sup' });
    if (isBlock) flush();
  };
  for (const c of tree.children) visit(c);
  flush();
}

/** An HTML fragment inside Markdown (raw HTML block or inline tag). Image indices in segments are local to the fragment. */
export function htmlFragmentToSegments(html: string, fileStart: number, nextId: () => number): Frag {
  const tree = fragParser.parse(html) as Root;
  const out: Frag = { segments: [], images: [] };
  walk(tree, html, fileStart, nextId, out);
  return out;
}

export function parseHtml(filePath: string, text: string): CampaignDocument {
  const lines = new LineIndex(text);
  const tree = docParser.parse(text) as Root;
  const out: Frag = { segments: [], images: [] };
  let id = 0;
  walk(tree, text, 0, () => id++, out);
  out.segments.sort((a, b) => (a.pieces[0]?.file ?? 0) - (b.pieces[0]?.file ?? 0));
  return { filePath, format: 'html', text, segments: out.segments, images: out.images, frontMatter: {}, directives: scanDirectives(text, lines) };
}
