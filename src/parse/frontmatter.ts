/** YAML front matter: parsed values, and its string fields as prose segments with exact positions. */
import { parseDocument, isMap, isScalar, isSeq, type Node as YNode } from 'yaml';
import { SegmentBuilder } from '../positions.js';
import type { Segment } from '../types.js';

/** Front-matter keys whose string values are prose worth linting. */
const PROSE_KEYS = /^(title|description|summary|subtitle|excerpt|caption|alt|image_alt|imageAlt|headline|tagline|cta|call_to_action|og_description|teaser|lede|abstract|quote)$/i;

export function parseFrontMatter(yamlText: string, fileStart: number, nextId: () => number): { data: Record<string, unknown>; segments: Segment[]; error?: string } {
  const doc = parseDocument(yamlText, { keepSourceTokens: false });
  if (doc.errors.length) return { data: {}, segments: [], error: doc.errors[0]!.message.split('\n')[0] };
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const segments: Segment[] = [];
  const visitNode = (node: YNode | null | undefined, key: string, prose: boolean) => {
    if (!node) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        visitNode(pair.value as YNode, k, prose || PROSE_KEYS.test(k));
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visitNode(item as YNode, key, prose);
    } else if (isScalar(node) && typeof node.value === 'string' && prose && node.range) {
      const [s, e] = node.range;
      const raw = yamlText.slice(s, e);
      const b = new SegmentBuilder();
      const value = node.value;
      const at = raw.indexOf(value);
      const body = raw.replace(/^(["']|[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n)/, '');
      if (at >= 0) b.addExact(value, fileStart + s + at);
      else b.addAligned(value, body, fileStart + s + (raw.length - body.length), { escapes: raw.startsWith('"') });
      const seg = b.build(nextId(), { kind: 'front-matter', source: `front-matter:${key}` });
      if (seg) segments.push(seg);
    }
  };
  visitNode(doc.contents as YNode, '', false);
  return { data: typeof data === 'object' && data ? data : {}, segments };
}
