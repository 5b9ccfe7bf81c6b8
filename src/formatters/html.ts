/**
 * --format html: one self-contained HTML file for editors and reviewers who do not use a terminal.
 * A summary by principle and rule; every document with its flagged passages highlighted in context
 * (a few lines around each); each finding with its explanation and suggestions; image files with an
 * embedded thumbnail (made with sharp); filters by rule and severity (plain JavaScript, no network);
 * and print styles so the report reads well on paper.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, formatFor } from '../parse/index.js';
import type { FileResult, Finding, Rule } from '../types.js';

export interface HtmlOptions {
  cwd?: string;
  rules?: Map<string, Rule>;
  /** show info notes by default (they are in the report either way, behind the "Notes" filter) */
  showInfo?: boolean;
  /** report title */
  title?: string;
  /** make thumbnails for image files (default true) */
  thumbnails?: boolean;
}

const SEV_NAME = ['info', 'warning', 'error'] as const;
const SEV_LABEL = ['Note', 'Warning', 'Error'] as const;
const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif']);
const CONTEXT_LINES = 2;
const UNREADABLE = 'unreadable-file';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const e = escapeHtml;

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sevOf(m: Finding): 0 | 1 | 2 {
  return m.fatal ? 2 : m.severity;
}

function sourceLabel(src: string | undefined): string | undefined {
  if (!src || ['text', 'document', 'file', 'internal'].includes(src)) return undefined;
  if (src === 'alt') return 'image alt text';
  if (src === 'ocr') return 'text printed in the image (read by OCR)';
  if (src === 'filename') return 'file name';
  if (src.startsWith('front-matter:')) return `front matter (${src.slice(13)})`;
  if (/^(exif|xmp|iptc):/.test(src)) return `image metadata (${src})`;
  return src;
}

/** Lines of a text with their file offsets. */
function splitLines(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out;
}

interface Flag { id: string; start: number; end: number; sev: number }

/** Render one line with its flagged parts wrapped in <mark>. */
function renderLine(text: string, ls: number, le: number, flags: Flag[]): string {
  const inLine = flags.filter((f) => f.start < le && f.end > ls || (f.start === f.end && f.start >= ls && f.start < le));
  if (inLine.length === 0) return e(text.slice(ls, le));
  const cuts = new Set<number>([ls, le]);
  for (const f of inLine) { cuts.add(Math.max(ls, f.start)); cuts.add(Math.min(le, f.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!, b = points[i + 1]!;
    if (a === b) continue;
    const cover = inLine.filter((f) => f.start <= a && f.end >= b);
    const piece = e(text.slice(a, b));
    if (cover.length === 0) { html += piece; continue; }
    const sev = Math.max(...cover.map((f) => f.sev));
    html += `<mark class="hl sev-${SEV_NAME[sev]}" data-f="${cover.map((f) => f.id).join(' ')}"><a href="#${cover[0]!.id}">${piece}</a></mark>`;
  }
  return html;
}

function renderExcerpts(text: string, findings: { m: Finding; id: string }[]): string {
  const lines = splitLines(text);
  const flags: Flag[] = findings.filter(({ m }) => m.endOffset > m.offset).map(({ m, id }) => ({ id, start: m.offset, end: m.endOffset, sev: sevOf(m) }));
  if (flags.length === 0) return '';
  // line ranges with context, merged
  const ranges: { a: number; b: number; ids: Set<string> }[] = [];
  for (const { m, id } of findings) {
    if (!(m.endOffset > m.offset)) continue;
    const a = Math.max(1, m.line - CONTEXT_LINES), b = Math.min(lines.length, m.endLine + CONTEXT_LINES);
    ranges.push({ a, b, ids: new Set([id]) });
  }
  ranges.sort((x, y) => x.a - y.a);
  const merged: typeof ranges = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.a <= last.b + 1) { last.b = Math.max(last.b, r.b); r.ids.forEach((i) => last.ids.add(i)); } else merged.push({ ...r, ids: new Set(r.ids) });
  }
  const chunks = merged.map((r) => {
    const rows: string[] = [];
    for (let ln = r.a; ln <= r.b; ln++) {
      const L = lines[ln - 1]!;
      rows.push(`<tr><td class="ln">${ln}</td><td class="code">${renderLine(text, L.start, L.end, flags) || '&#8203;'}</td></tr>`);
    }
    return `<table class="excerpt" data-f="${[...r.ids].join(' ')}"><tbody>${rows.join('')}</tbody></table>`;
  });
  return `<div class="excerpts">${chunks.join('<div class="gap" aria-hidden="true">⋯</div>')}</div>`;
}

function renderFinding(m: Finding, id: string, hasText: boolean): string {
  const sev = sevOf(m);
  const rule = m.ruleId ?? UNREADABLE;
  const where = m.fatal ? 'whole file' : hasText ? (m.endOffset > m.offset ? `line ${m.line}, column ${m.column}` : 'whole document') : (m.page !== undefined ? `page ${String(m.page)}` : 'whole file');
  const src = sourceLabel(m.source);
  const sugs = (m.suggestions ?? []).map((s) => `<li>${e(s.desc)}${s.replacement ? `: <q class="replacement">${e(s.replacement)}</q>` : ''}</li>`).join('');
  return `<li class="finding sev-${SEV_NAME[sev]}" id="${id}" data-rule="${e(rule)}" data-severity="${SEV_NAME[sev]}">
<div class="fhead"><span class="badge sev-${SEV_NAME[sev]}">${SEV_LABEL[sev]}</span> <span class="where">${e(where)}${src ? ` · in ${e(src)}` : ''}</span> ${m.url ? `<a class="rule" href="${e(m.url)}">${e(rule)}</a>` : `<span class="rule">${e(m.ruleId ?? 'file could not be checked')}</span>`}${m.fix ? ' <span class="fixable" title="campaign-lint --fix can make this change">fixable</span>' : ''}</div>
${m.actual ? `<p class="actual">Found: <q>${e(m.actual)}</q></p>` : ''}
<p class="msg">${e(m.message)}</p>
${sugs ? `<div class="sugs"><span class="label">Instead:</span><ul class="suggestions">${sugs}</ul></div>` : ''}
${m.principle ? `<p class="principle">Principle: ${e(m.principle)}</p>` : ''}
</li>`;
}

function textOf(r: FileResult): string | undefined {
  const fmt = formatFor(r.filePath);
  if (!fmt || fmt.binary || !r.messages.some((m) => m.endOffset > m.offset)) return undefined;
  try {
    const text = decodeText(fs.readFileSync(r.filePath));
    return r.messages.every((m) => m.endOffset <= text.length && (m.actual === undefined || text.slice(m.offset, m.endOffset) === m.actual)) ? text : undefined;
  } catch {
    return undefined;
  }
}

async function thumbnail(filePath: string): Promise<string | undefined> {
  if (!IMAGE_EXT.has(path.extname(filePath).toLowerCase())) return undefined;
  try {
    const { default: sharp } = await import('sharp');
    const buf = await sharp(filePath, { animated: false }).rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 72 }).toBuffer();
    return `data:image/jpeg;base64,${buf.toString('base64')}`;
  } catch {
    return undefined;
  }
}

const CSS = `
:root{--err:#b3261e;--err-bg:#fde7e4;--warn:#7a4f00;--warn-bg:#fff1c9;--note:#0b57a4;--note-bg:#e3efff;--ink:#1d1d1f;--mute:#5f6368;--line:#dadce0}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .6rem}h3{font-size:1.05rem;margin:0;word-break:break-all}
.meta{color:var(--mute);margin:.2rem 0 1rem}
.totals span{display:inline-block;margin-right:1rem;font-weight:600}
.filters{position:sticky;top:0;z-index:2;background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:flex-start}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .9rem;align-items:center}
.filters legend{font-weight:600;float:left;margin-right:.6rem}
.filters label{white-space:nowrap;cursor:pointer}
.filters button{font:inherit;font-size:.85rem;padding:.1rem .5rem;border:1px solid var(--line);background:#f5f5f5;border-radius:4px;cursor:pointer}
#shown{margin:0;color:var(--mute);flex-basis:100%}
table.summary{border-collapse:collapse;width:100%;background:#fff}
table.summary th,table.summary td{border-bottom:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}
table.summary td.n{text-align:right;font-variant-numeric:tabular-nums;width:6rem}
table.summary tr.principle th{background:#f1f3f4}
.doc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.1rem;margin:1rem 0}
.doc .counts{color:var(--mute);margin:.2rem 0 .8rem}
.with-thumb{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:1rem;align-items:start}
.thumb{max-width:240px;max-height:240px;margin-top:.6rem;border:1px solid var(--line);border-radius:4px}
.excerpts{border:1px solid var(--line);border-radius:6px;background:#fcfcfc;margin:.6rem 0;overflow:hidden}
table.excerpt{border-collapse:collapse;width:100%;font:13.5px/1.55 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
table.excerpt td{padding:0 .6rem;vertical-align:top}
td.ln{color:var(--mute);text-align:right;width:3.5rem;user-select:none;border-right:1px solid var(--line);background:#f5f5f5}
td.code{white-space:pre-wrap;overflow-wrap:anywhere}
.gap{color:var(--mute);text-align:center;border-top:1px dashed var(--line);border-bottom:1px dashed var(--line);font-size:.8rem}
mark.hl{border-radius:2px;padding:0 1px}
mark.hl a{color:inherit;text-decoration:none}
mark.sev-error{background:var(--err-bg);box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:var(--warn-bg);box-shadow:inset 0 -2px #d29a00}
mark.sev-info{background:var(--note-bg);box-shadow:inset 0 -2px var(--note)}
mark.hl.off{background:none;box-shadow:none}
ol.findings{list-style:none;padding:0;margin:.6rem 0 0}
.finding{border-left:4px solid var(--line);padding:.4rem .8rem;margin:.6rem 0;background:#fff}
.finding.sev-error{border-color:var(--err)}.finding.sev-warning{border-color:#d29a00}.finding.sev-info{border-color:var(--note)}
.finding:target{outline:2px solid #5b8def}
.fhead{display:flex;flex-wrap:wrap;gap:.3rem .7rem;align-items:baseline}
.badge{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:.05rem .45rem;border-radius:3px}
.badge.sev-error{background:var(--err-bg);color:var(--err)}.badge.sev-warning{background:var(--warn-bg);color:var(--warn)}.badge.sev-info{background:var(--note-bg);color:var(--note)}
.where{color:var(--mute);font-size:.9rem}
.rule{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem}
.fixable{font-size:.75rem;color:#1e6b34;border:1px solid #9bd3a8;border-radius:3px;padding:0 .3rem}
.msg{margin:.3rem 0}.actual{margin:.3rem 0;color:var(--mute)}
.sugs{margin:.2rem 0}.sugs .label{font-weight:600}
.suggestions{margin:.1rem 0 .1rem 1.2rem;padding:0}
q.replacement{font-weight:600;color:#1e6b34}
.principle{margin:.3rem 0 0;color:var(--mute);font-size:.9rem}
.clean{color:var(--mute)}
.none{padding:1rem;background:#fff;border:1px solid var(--line);border-radius:8px}
[hidden]{display:none!important}
@media print{
  body{background:#fff;font-size:11pt}
  main{max-width:none;padding:0}
  .filters,.noprint{display:none!important}
  .doc{border:0;border-top:2px solid #000;border-radius:0;padding:.6rem 0;break-inside:auto}
  .finding,table.excerpt tr,table.summary tr{break-inside:avoid}
  h2,h3{break-after:avoid}
  mark.hl,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  mark.hl{text-decoration:underline;text-decoration-thickness:2px}
  a{color:inherit}
  a.rule::after{content:" (" attr(href) ")";font-size:8pt;color:#555;word-break:break-all}
  .excerpts{overflow:visible}
  .thumb{max-width:160px;max-height:160px}
  .with-thumb{display:block}.with-thumb .thumb{display:block;margin:.4rem 0}
}
`;

const JS = `
(function(){
  var form=document.getElementById('filters');
  if(!form)return;
  var findings=[].slice.call(document.querySelectorAll('li.finding'));
  var marks=[].slice.call(document.querySelectorAll('mark.hl'));
  var excerpts=[].slice.call(document.querySelectorAll('table.excerpt'));
  var docs=[].slice.call(document.querySelectorAll('article.doc'));
  var shown=document.getElementById('shown');
  function checked(name){var s={};[].forEach.call(form.querySelectorAll('input[name="'+name+'"]'),function(i){if(i.checked)s[i.value]=1});return s}
  function visible(ids){return ids.split(' ').some(function(id){var el=document.getElementById(id);return el&&!el.hidden})}
  function apply(){
    var sev=checked('severity'),rule=checked('rule'),n=0;
    findings.forEach(function(li){var on=!!(sev[li.getAttribute('data-severity')]&&rule[li.getAttribute('data-rule')]);li.hidden=!on;if(on)n++});
    marks.forEach(function(m){m.classList.toggle('off',!visible(m.getAttribute('data-f')))});
    excerpts.forEach(function(t){t.hidden=!visible(t.getAttribute('data-f'))});
    docs.forEach(function(d){d.hidden=!d.querySelector('li.finding:not([hidden])')});
    shown.textContent='Showing '+n+' of '+findings.length+' finding'+(findings.length===1?'':'s')+'.';
  }
  form.addEventListener('change',apply);
  form.addEventListener('click',function(ev){
    var b=ev.target.closest&&ev.target.closest('button[data-rules]');if(!b)return;
    var on=b.getAttribute('data-rules')==='all';
    [].forEach.call(form.querySelectorAll('input[name="rule"]'),function(i){i.checked=on});apply();
  });
  apply();
})();
`;

export async function formatHtml(results: FileResult[], opts: HtmlOptions = {}): Promise<string> {
  const cwd = opts.cwd ?? process.cwd();
  const rules = opts.rules ?? new Map<string, Rule>();
  const title = opts.title ?? 'campaign-lint report';
  const rel = (f: string) => { const r = path.relative(cwd, f); return (r && !r.startsWith('..') && !path.isAbsolute(r) ? r : f).split(path.sep).join('/'); };

  // counts
  const totals = [0, 0, 0];
  const byRule = new Map<string, number[]>();
  for (const r of results) for (const m of r.messages) {
    const s = sevOf(m);
    totals[s]!++;
    const id = m.ruleId ?? UNREADABLE;
    const c = byRule.get(id) ?? [0, 0, 0];
    c[s]!++;
    byRule.set(id, c);
  }
  const principleOf = (id: string): string => {
    if (id === UNREADABLE) return 'Files that could not be checked';
    const r = rules.get(id);
    if (r?.meta.principle) return r.meta.principle;
    for (const res of results) for (const m of res.messages) if (m.ruleId === id && m.principle) return m.principle;
    return 'Other';
  };
  const byPrinciple = new Map<string, string[]>();
  for (const id of [...byRule.keys()].sort()) {
    const p = principleOf(id);
    byPrinciple.set(p, [...(byPrinciple.get(p) ?? []), id]);
  }
  const total = totals[0]! + totals[1]! + totals[2]!;

  // summary
  const sumRows: string[] = [];
  for (const [p, ids] of [...byPrinciple].sort((a, b) => a[0].localeCompare(b[0]))) {
    const pc = ids.reduce((acc, id) => acc.map((v, i) => v + byRule.get(id)![i]!), [0, 0, 0]);
    sumRows.push(`<tr class="principle"><th colspan="1">${e(p)}</th><td class="n">${pc[2]}</td><td class="n">${pc[1]}</td><td class="n">${pc[0]}</td></tr>`);
    for (const id of ids) {
      const c = byRule.get(id)!;
      const r = rules.get(id);
      const desc = r?.meta.description ? `<br><small>${e(r.meta.description)}</small>` : '';
      sumRows.push(`<tr><td><span class="rule">${e(id === UNREADABLE ? 'file could not be checked' : id)}</span>${desc}</td><td class="n">${c[2]}</td><td class="n">${c[1]}</td><td class="n">${c[0]}</td></tr>`);
    }
  }

  // filters
  const sevBoxes = [2, 1, 0].map((s) => `<label><input type="checkbox" name="severity" value="${SEV_NAME[s]}"${s > 0 || opts.showInfo ? ' checked' : ''}> ${SEV_LABEL[s]}s (${totals[s]})</label>`).join('');
  const ruleBoxes = [...byRule.keys()].sort().map((id) => {
    const c = byRule.get(id)!;
    return `<label><input type="checkbox" name="rule" value="${e(id)}" checked> ${e(id === UNREADABLE ? 'file could not be checked' : id)} (${c[0]! + c[1]! + c[2]!})</label>`;
  }).join('');

  // documents
  const docs: string[] = [];
  const clean: string[] = [];
  let di = 0;
  for (const r of results) {
    if (r.messages.length === 0) { clean.push(rel(r.filePath)); continue; }
    di++;
    // results from --cache carry no text: read it again for text formats (the file is unchanged)
    const source = r.source ?? textOf(r);
    const hasText = typeof source === 'string' && source.length > 0;
    const items = r.messages.map((m, i) => ({ m, id: `f-${di}-${i + 1}` }));
    const thumb = opts.thumbnails === false ? undefined : await thumbnail(r.filePath);
    const counts = [2, 1, 0].filter((s) => items.some(({ m }) => sevOf(m) === s)).map((s) => plural(items.filter(({ m }) => sevOf(m) === s).length, SEV_LABEL[s].toLowerCase())).join(', ');
    docs.push(`<article class="doc" id="doc-${di}">
<h3>${e(rel(r.filePath))}</h3>
<p class="counts">${e(counts)}</p>
${hasText ? renderExcerpts(source!, items) : ''}
${thumb ? '<div class="with-thumb">' : ''}<ol class="findings">${items.map(({ m, id }) => renderFinding(m, id, hasText)).join('\n')}</ol>${thumb ? `<img class="thumb" src="${thumb}" alt="Thumbnail of ${e(path.basename(r.filePath))}"></div>` : ''}
</article>`);
  }

  const generated = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="campaign-lint">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${e(title)}</h1>
<p class="meta">${plural(results.length, 'file')} checked on ${e(generated)}. Each finding explains why the wording or image may harm the people the campaign is for, and what to use instead.</p>
<p class="totals"><span class="t-error">${plural(totals[2]!, 'error')}</span><span class="t-warning">${plural(totals[1]!, 'warning')}</span><span class="t-info">${plural(totals[0]!, 'note')}</span></p>
</header>
${total ? `<form id="filters" class="filters" aria-label="Filter the findings" onsubmit="return false">
<fieldset><legend>Severity</legend>${sevBoxes}</fieldset>
<fieldset><legend>Rule</legend>${ruleBoxes}<button type="button" data-rules="all">All rules</button><button type="button" data-rules="none">No rules</button></fieldset>
<p id="shown" aria-live="polite"></p>
</form>
<section id="summary"><h2>Summary by principle</h2>
<table class="summary"><thead><tr><th>Principle and rule</th><th>Errors</th><th>Warnings</th><th>Notes</th></tr></thead><tbody>${sumRows.join('\n')}</tbody></table>
</section>
<section id="documents"><h2>Documents</h2>
${docs.join('\n')}
</section>` : `<p class="none">No problems found. Thank you for writing with care.</p>`}
${clean.length ? `<section id="clean"><h2>Files with no findings</h2><ul class="clean">${clean.map((c) => `<li>${e(c)}</li>`).join('')}</ul></section>` : ''}
</main>
<script>${JS}</script>
</body>
</html>
`;
}
