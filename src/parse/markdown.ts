/** Markdown (GFM + YAML front matter) → the document model. */
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { combineExtensions } from 'micromark-util-combine-extensions';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root, RootContent, PhrasingContent, Parent } from 'mdast';
import { LineIndex, SegmentBuilder } from '../positions.js';
import { visit } from 'unist-util-visit';
import type { CampaignDocument, Directive, ImageRef, Segment, SegmentKind } from '../types.js';
import { scanDirectives } from './directives.js';
import { parseFrontMatter } from './frontmatter.js';
import { htmlFragmentToSegments } from './html.js';

/**
 * GFM's extensions, each only when the text holds the characters it needs: a table needs a `|`,
 * strikethrough a `~`, a footnote `[^`, a task list item `[ ]`/`[x]`, front matter a leading `---`.
 * An extension whose trigger is absent cannot change the tree, and each one costs parse time on
 * every line. Literal autolinks (bare www./http:// and e-mail addresses), the costliest (it doubles
 * remark's parse time), are added only when some text node of the first tree holds a trigger.
 * A property test checks the trees equal full GFM + front matter.
 */
const EXT = { table: 1, strike: 2, footnote: 4, task: 8, matter: 16, autolink: 32 } as const;
const processors = new Map<number, Processor>();
function processorFor(mask: number): Processor {
  let p = processors.get(mask);
  if (p) return p;
  const gfmParts = function (this: Processor) {
    const data = this.data() as Record<string, unknown[] | undefined>;
    const micro: unknown[] = [], mdast: unknown[] = [];
    if (mask & EXT.footnote) { micro.push(gfmFootnote()); mdast.push(gfmFootnoteFromMarkdown()); }
    if (mask & EXT.strike) { micro.push(gfmStrikethrough({})); mdast.push(gfmStrikethroughFromMarkdown()); }
    if (mask & EXT.table) { micro.push(gfmTable()); mdast.push(gfmTableFromMarkdown()); }
    if (mask & EXT.task) { micro.push(gfmTaskListItem()); mdast.push(gfmTaskListItemFromMarkdown()); }
    if (micro.length) {
      (data.micromarkExtensions ??= []).push(combineExtensions(micro as never));
      (data.fromMarkdownExtensions ??= []).push(mdast);
    }
  };
  const base = unified().use(remarkParse);
  p = (mask & EXT.autolink ? base.use(remarkGfm) : base.use(gfmParts)) as unknown as Processor;
  if (mask & EXT.matter) p = p.use(remarkFrontmatter, ['yaml']) as unknown as Processor;
  processors.set(mask, p);
  return p;
}
const TASK = /\[[\s xX]\]/;
function extensionsFor(text: string): number {
  let m = 0;
  if (text.includes('|')) m |= EXT.table;
  if (text.includes('~')) m |= EXT.strike;
  if (text.includes('[^')) m |= EXT.footnote;
  if (TASK.test(text)) m |= EXT.task;
  if (text.startsWith('---') || text.startsWith('\uFEFF---')) m |= EXT.matter;
  return m;
}

/** where a literal autolink could start: www., a scheme's ://, or an e-mail's @ */
const AUTOLINK_TRIGGER = /www\.|:\/\/|@/i;
/**
 * Parse with full GFM (and YAML front matter): only the extensions the text can use; literal
 * autolinks only when some text of the first tree (text nodes and image alt text, where they are
 * recognised) holds a trigger, in which case it is parsed again with all of GFM.
 */
export function parseGfm(text: string): Root {
  const mask = extensionsFor(text);
  const tree = processorFor(mask).parse(text) as Root;
  let trigger = false;
  visit(tree, (n) => {
    const v = n.type === 'text' ? (n as { value: string }).value : n.type === 'image' || n.type === 'imageReference' ? (n as { alt?: string | null }).alt ?? '' : '';
    if (v && AUTOLINK_TRIGGER.test(v)) { trigger = true; return false; }
    return undefined;
  });
  return trigger ? (processorFor(mask | EXT.autolink).parse(text) as Root) : tree;
}

/** Above this size a file is parsed in chunks: remark's time grows faster than linearly on one huge tree. */
export const CHUNK_CHARS = 256 * 1024;

/** Split at blank lines outside fenced code, into pieces of about CHUNK_CHARS. */
export function chunkRanges(text: string, size = CHUNK_CHARS): [number, number][] {
  if (text.length <= size) return [[0, text.length]];
  const out: [number, number][] = [];
  let start = 0;
  let fence: string | null = null;
  const re = /[^\n]*(?:\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0].length > 0) {
    const line = m[0];
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1]![0]! : (f[1]![0] === fence ? null : fence);
    const end = m.index + line.length;
    if (fence === null && end - start >= size && /^\s*$/.test(line)) { out.push([start, end]); start = end; }
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** Parse Markdown into one mdast tree whose positions are offsets into the whole text, chunk by chunk when large. */
function parseTree(text: string): Root {
  const ranges = chunkRanges(text);
  if (ranges.length === 1) return parseGfm(text);
  const lines = new LineIndex(text);
  const root: Root = { type: 'root', children: [] };
  for (const [start, end] of ranges) {
    const sub = parseGfm(text.slice(start, end));
    const lineBase = lines.locate(start).line - 1;
    visit(sub, (n) => {
      const pos = n.position;
      if (!pos) return;
      if (pos.start.offset !== undefined) pos.start.offset += start;
      if (pos.end.offset !== undefined) pos.end.offset += start;
      pos.start.line += lineBase;
      pos.end.line += lineBase;
    });
    root.children.push(...sub.children);
  }
  return root;
}

export function parseMarkdown(filePath: string, text: string): CampaignDocument {
  const lines = new LineIndex(text);
  const tree = parseTree(text);
  const segments: Segment[] = [];
  const images: ImageRef[] = [];
  let frontMatter: Record<string, unknown> = {};
  let id = 0;
  const nextId = () => id++;
  const off = (n: { position?: { start: { offset?: number }; end: { offset?: number } } }) =>
    [n.position?.start.offset ?? 0, n.position?.end.offset ?? 0] as const;

  /** raw HTML (a block or an inline tag): its text, alt and title become segments; image indices are rebased */
  const addHtml = (html: string, start: number) => {
    const frag = htmlFragmentToSegments(html, start, nextId);
    const base = images.length;
    images.push(...frag.images);
    for (const sg of frag.segments) { if (sg.image !== undefined) sg.image += base; segments.push(sg); }
  };

  const inline = (nodes: PhrasingContent[], b: SegmentBuilder, links: { start: number; end: number; url: string }[]) => {
    for (const n of nodes) {
      const [s, e] = off(n);
      switch (n.type) {
        case 'text':
          b.addAligned(n.value, text.slice(s, e), s, { escapes: true });
          break;
        case 'emphasis': case 'strong': case 'delete':
          inline(n.children, b, links);
          break;
        case 'link': case 'linkReference': {
          const start = b.text.length;
          const child = n.children.length === 1 && n.children[0]!.type === 'text' ? n.children[0]!.value : null;
          const url = n.type === 'link' ? n.url : '';
          if (child !== null && url && (child === url || 'mailto:' + child === url || /^(https?:\/\/|www\.)/i.test(child))) {
            b.addGap(); // a bare URL is not prose
          } else inline(n.children, b, links);
          links.push({ start, end: b.text.length, url: url || (n.type === 'linkReference' ? n.identifier : '') });
          break;
        }
        case 'footnoteReference':
          b.addExact(text.slice(s, e), s);
          links.push({ start: b.text.length - (e - s), end: b.text.length, url: '#' + n.identifier });
          break;
        case 'image': case 'imageReference': {
          b.addGap();
          const alt = n.alt ?? undefined;
          const src = n.type === 'image' ? n.url : n.identifier;
          const imgIndex = images.length;
          images.push({ src, alt, start: s, end: e });
          if (alt) {
            // the alt text sits between ![ and ]: find it exactly in the source
            const raw = text.slice(s, e);
            const close = raw.indexOf('](') >= 0 ? raw.indexOf('](') : raw.indexOf(']');
            const rawAlt = raw.slice(2, close > 1 ? close : raw.length);
            const ab = new SegmentBuilder();
            ab.addAligned(alt, rawAlt, s + 2, { escapes: true });
            const seg = ab.build(nextId(), { kind: 'alt', source: 'alt', image: imgIndex });
            if (seg) segments.push(seg);
          }
          if (n.type === 'image' && n.title) {
            const raw = text.slice(s, e);
            const at = raw.lastIndexOf(n.title);
            const tb = new SegmentBuilder();
            if (at >= 0) tb.addExact(n.title, s + at); else tb.addAligned(n.title, raw, s);
            const seg = tb.build(nextId(), { kind: 'title', source: 'title', image: imgIndex });
            if (seg) segments.push(seg);
          }
          break;
        }
        case 'html':
          b.addGap();
          addHtml(n.value, s);
          break;
        case 'break':
          b.addGap();
          break;
        case 'inlineCode':
          b.addGap();
          break;
        default:
          b.addGap();
      }
    }
  };

  const block = (node: RootContent, kind: SegmentKind, depth?: number) => {
    switch (node.type) {
      case 'yaml': {
        const [s] = off(node);
        const raw = text.slice(s, off(node)[1]);
        const inner = raw.indexOf(node.value);
        const fm = parseFrontMatter(node.value, s + Math.max(0, inner), nextId);
        frontMatter = fm.data;
        if (fm.error) frontMatter.__error = fm.error;
        segments.push(...fm.segments);
        return;
      }
      case 'paragraph': case 'heading': case 'tableCell': {
        const b = new SegmentBuilder();
        const links: { start: number; end: number; url: string }[] = [];
        inline(node.children as PhrasingContent[], b, links);
        const k: SegmentKind = node.type === 'heading' ? 'heading' : node.type === 'tableCell' ? 'table-cell' : kind;
        const seg = b.build(nextId(), { kind: k, source: 'text', depth: node.type === 'heading' ? node.depth : depth, links: links.length ? links : undefined });
        if (seg) segments.push(seg);
        return;
      }
      case 'html':
        addHtml(node.value, off(node)[0]);
        return;
      case 'code': case 'thematicBreak': case 'definition':
        return;
      case 'table': {
        // remember each column's header so rules can tell an "Avoid" column from a "Say instead" one
        const plain = (n: unknown): string => { const x = n as { value?: string; children?: unknown[] }; return typeof x.value === 'string' ? x.value : (x.children ?? []).map(plain).join(''); };
        const rows = (node as Parent).children as Parent[];
        const headers = (rows[0]?.children ?? []).map((c) => plain(c).trim());
        rows.forEach((row, r) => row.children.forEach((cell, i) => {
          const before = segments.length;
          block(cell as RootContent, kind, depth);
          if (r > 0 && headers[i]) for (const sg of segments.slice(before)) sg.label = headers[i];
        }));
        return;
      }
      case 'list': case 'listItem': case 'blockquote': case 'tableRow': case 'footnoteDefinition': {
        const k: SegmentKind = node.type === 'listItem' ? 'list-item' : node.type === 'blockquote' ? 'blockquote' : kind;
        for (const c of (node as Parent).children) block(c as RootContent, k, depth);
        return;
      }
      default:
        if ('children' in node) for (const c of (node as Parent).children) block(c as RootContent, kind, depth);
    }
  };
  for (const c of tree.children) block(c, 'paragraph');
  segments.sort((a, b) => (a.pieces[0]?.file ?? 0) - (b.pieces[0]?.file ?? 0));
  // directives live in HTML comments; only real HTML nodes count (not examples inside code blocks)
  const directives: Directive[] = [];
  visit(tree, 'html', (n) => {
    const [s, e] = off(n);
    directives.push(...scanDirectives(text.slice(s, e), lines, s, text));
  });
  return { filePath, format: 'markdown', text, segments, images, frontMatter, directives };
}
