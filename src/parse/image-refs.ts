/**
 * Images referenced from Markdown and HTML documents: the engine adds the local image files they
 * point to, so each image's own metadata (captions, GPS, names) is linted too: once per file, however
 * many documents reference it. A cheap scan of the text (no full parse), so folder walks stay fast.
 */
import fs from 'node:fs';
import path from 'node:path';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif', '.svg']);
const DOC_EXT = new Set(['.md', '.markdown', '.mdown', '.mkd', '.html', '.htm', '.xhtml']);
/** documents bigger than this are not scanned for image references */
const MAX_SCAN_BYTES = 8 * 1024 * 1024;

/** Image sources written in a Markdown or HTML text (inline images, reference definitions, img/source src and srcset). */
export function imageSources(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/!\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))/g)) out.push(m[1] ?? m[2]!);
  for (const m of text.matchAll(/^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<([^>\n]+)>|(\S+))/gm)) out.push(m[1] ?? m[2]!);
  for (const m of text.matchAll(/<(?:img|source|input|image)\b[^>]*?\s(src|srcset|href|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const v = m[2] ?? m[3] ?? m[4] ?? '';
    if (m[1]!.toLowerCase() === 'srcset') out.push(...v.split(',').map((s) => s.trim().split(/\s+/)[0]!).filter(Boolean));
    else out.push(v);
  }
  return out;
}

/** Resolve a written source to a local file path, or undefined for URLs, data: URIs and non-images. */
export function resolveImageSource(src: string, docPath: string, cwd: string): string | undefined {
  const s = src.trim();
  if (!s || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('//') || s.startsWith('#')) return undefined;
  let p = s.replace(/[?#].*$/, '');
  try { p = decodeURIComponent(p); } catch { /* keep as written */ }
  if (!IMAGE_EXT.has(path.extname(p).toLowerCase())) return undefined;
  return p.startsWith('/') ? path.join(cwd, p) : path.resolve(path.dirname(docPath), p);
}

/**
 * The local image files referenced by the Markdown/HTML documents in `files` that exist and are not
 * in `files` already (each once). They are added as not explicit: OCR stays off unless asked for.
 */
export async function referencedImageFiles<T extends { path: string; explicit: boolean }>(files: T[], cwd: string): Promise<{ path: string; explicit: boolean }[]> {
  const known = new Set(files.map((f) => f.path));
  const out: { path: string; explicit: boolean }[] = [];
  for (const f of files) {
    if (!DOC_EXT.has(path.extname(f.path).toLowerCase())) continue;
    let text: string;
    try {
      // synchronous: thousands of small reads, each waiting for the thread pool, were most of a cached re-run
      const st = fs.statSync(f.path);
      if (st.size > MAX_SCAN_BYTES) continue;
      text = fs.readFileSync(f.path, 'utf8');
    } catch { continue; }
    for (const src of imageSources(text)) {
      const p = resolveImageSource(src, f.path, cwd);
      if (!p || known.has(p)) continue;
      known.add(p);
      try { if (!fs.statSync(p).isFile()) continue; } catch { continue; }
      out.push({ path: p, explicit: false });
    }
  }
  return out;
}
