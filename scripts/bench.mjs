#!/usr/bin/env node
/**
 * `npm run bench`: how fast campaign-lint is, against alex (the nearest existing tool) and against
 * the floor (reading the files and parsing them with remark-parse, nothing else).
 *
 * It generates a realistic corpus in a temporary folder (campaign-style Markdown mixing clean and
 * problematic prose, some HTML, some images with metadata) at 1×, 4× and 16×, and times, each in its
 * own process: campaign-lint with every recommended rule (default concurrency, and in-process),
 * alex on the same Markdown files, and the floor. It prints files/s, MB/s and peak RSS, the ratios
 * campaign-lint/alex and campaign-lint/floor, whether time grows linearly, a --cache re-run, and
 * single large Markdown files (5, 10, 20 MB). Nothing is asserted: these are measurements.
 *
 *   node scripts/bench.mjs [--base 1000] [--sizes 1,4,16] [--alex-max 16] [--big 20] [--heap-cap 256] [--keep] [--json out.json]
 *
 * Peak RSS of a normal run mostly shows how lazily V8 grows its heap; each size is also run with the
 * heap capped (--heap-cap MB, in-process) to show what the run needs: that must not grow with the
 * number of files (reports are streamed, nothing per file is kept).
 *
 * Needs a build (npm run build). alex runs only up to --alex-max× (it is slow at 16×).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };

// ---------------------------------------------------------------- floor mode (a child process)
if (args[0] === '--floor') {
  const { unified } = await import('unified');
  const remarkParse = (await import('remark-parse')).default;
  const proc = unified().use(remarkParse);
  const files = [];
  const walk = (d) => { for (const n of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) { const p = path.join(d, n.name); if (n.isDirectory()) walk(p); else if (n.name.endsWith('.md')) files.push(p); } };
  walk(args[1]);
  let nodes = 0;
  for (const f of files) nodes += proc.parse(fs.readFileSync(f, 'utf8')).children.length;
  process.stdout.write(JSON.stringify({ files: files.length, nodes }) + '\n');
  process.exit(0);
}

// ---------------------------------------------------------------- the corpus
let seed = 0x9e3779b9;
const rand = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
const pick = (a) => a[Math.floor(rand() * a.length)];

const CLEAN = [
  'Anyone can be trafficked, and most people are exploited by someone they know.',
  'Control usually comes through debt, confiscated documents and threats against family.',
  'Workers on farms, building sites and fishing boats are among those exploited in our region.',
  'If something feels wrong at work, you can call the confidential helpline at any hour.',
  'Our outreach team works with survivors to find housing, legal advice and paid work.',
  'According to the [ILO 2022 global estimates](https://www.ilo.org/global-estimates), 27.6 million people were in forced labour on any given day.',
  'Survivors decide what support they want, and they can change their minds at any time.',
  'Recruitment fees, withheld wages and passports kept by an employer are warning signs.',
  'We train hotel staff, drivers and health workers to notice signs of labour exploitation.',
  'The campaign was written with a survivor advisory board, who were paid for their time.',
  'Domestic workers are often isolated, which makes exploitation harder to see.',
  'You do not need proof to call; trained advisers will help you think it through.',
  'Most people in forced labour are not locked up; they are kept by debt and fear.',
  'Local unions and community groups can help workers understand their rights.',
  'Share the helpline number with people who work in agriculture, construction and care.',
  'Employers can check their supply chains for recruitment fees charged to workers.',
  'Men, women and children are all exploited, in sex work, farms, factories and homes.',
  'Read the full report, including the methods and sources, on our website.',
];
const PROBLEM = [
  'Her nightmare of beatings and starvation unfolded in a basement in your town.',
  'Traffickers are evil monsters hiding in plain sight.',
  'Photo: a girl with her wrists bound in heavy chains sits on a concrete floor.',
  'She should have known better than to trust a stranger online.',
  'A child is sold every 30 seconds, and trafficking is the fastest-growing crime on the planet.',
  'We rescue the innocent girls and give them a voice.',
  'The victims were trapped like animals in a crazy situation.',
  'Every chairman should ask his staff to watch for the signs.',
  'These prostitutes were forced to work in terrible conditions.',
  'The illegals were found hiding in the back of a lorry.',
  'Sex slaves are sold in plain sight, every day, in every city.',
  'Duct tape across her mouth, she waits in the dark for someone to save her.',
];
const HEADINGS = ['Know the signs', 'How to help', 'Our work this year', 'Stories from the field', 'Get support', 'Facts and figures', 'For employers', 'Volunteer with us'];

function paragraph(problemRate) {
  const n = 2 + Math.floor(rand() * 4);
  const out = [];
  for (let i = 0; i < n; i++) out.push(rand() < problemRate ? pick(PROBLEM) : pick(CLEAN));
  return out.join(' ');
}

function markdownFile(i, problemRate) {
  const parts = [];
  if (rand() < 0.4) parts.push(`---\ntitle: "${pick(HEADINGS)} ${i}"\ndescription: "${pick(CLEAN).replace(/"/g, "'")}"\n---\n`);
  parts.push(`# ${pick(HEADINGS)}\n`);
  const sections = 2 + Math.floor(rand() * 4);
  for (let s = 0; s < sections; s++) {
    parts.push(`## ${pick(HEADINGS)}\n`);
    parts.push(paragraph(problemRate) + '\n');
    const r = rand();
    if (r < 0.3) parts.push(['- ' + pick(CLEAN), '- ' + pick(CLEAN), '- ' + (rand() < problemRate ? pick(PROBLEM) : pick(CLEAN))].join('\n') + '\n');
    else if (r < 0.45) parts.push(`> ${paragraph(problemRate)}\n`);
    else if (r < 0.55) parts.push(`![${rand() < problemRate ? 'woman in handcuffs behind bars' : 'a volunteer hands a leaflet to a farm worker'}](images/poster-${i % 50}.jpg)\n`);
    else if (r < 0.62) parts.push(`| Sector | Share |\n| --- | --- |\n| Domestic work | ${pick(CLEAN)} |\n| Construction | 18% |\n`);
    else if (r < 0.7) parts.push('```\nhelpline: 0800 000 000\n```\n');
    parts.push(paragraph(problemRate) + '\n');
  }
  return parts.join('\n');
}

function htmlFile(i, problemRate) {
  const body = [];
  for (let s = 0; s < 3 + Math.floor(rand() * 3); s++) {
    body.push(`<h2>${pick(HEADINGS)}</h2>`, `<p>${paragraph(problemRate)}</p>`);
    if (rand() < 0.3) body.push(`<img src="poster-${i % 50}.jpg" alt="${rand() < problemRate ? 'a girl in chains' : 'two outreach workers at a bus station'}">`);
  }
  return `<!doctype html>\n<html lang="en"><head><title>${pick(HEADINGS)}</title><meta name="description" content="${pick(CLEAN)}"></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}

async function makeImages(dir, n) {
  let sharp;
  try { sharp = (await import('sharp')).default; } catch { return 0; }
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const bad = i % 3 === 0;
    const exif = { IFD0: { ImageDescription: bad ? 'Woman in handcuffs behind bars, crying' : 'Outreach worker talking with a farm worker', Artist: 'Campaign team' } };
    const img = sharp({ create: { width: 320, height: 200, channels: 3, background: bad ? '#c11' : '#2a6' } });
    const buf = await (i % 2 ? img.png() : img.jpeg({ quality: 70 })).withExif(exif).toBuffer();
    fs.writeFileSync(path.join(dir, `poster-${i}.${i % 2 ? 'png' : 'jpg'}`), buf);
  }
  return n;
}

/** Generate a corpus: md/ (Markdown, what alex and the floor see) and other/ (HTML and images). */
async function makeCorpus(dir, files) {
  fs.rmSync(dir, { recursive: true, force: true });
  seed = 0x9e3779b9; // the same files at every scale, then more of them
  let mdBytes = 0, mdFiles = 0;
  for (let i = 0; i < files; i++) {
    const campaign = `campaign-${String(Math.floor(i / 40)).padStart(4, '0')}`;
    const problemRate = i % 4 === 0 ? 0 : 0.15; // a quarter of the files are clean
    if (i % 10 === 9) {
      const d = path.join(dir, 'other', campaign);
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, `page-${i}.html`), htmlFile(i, problemRate));
    } else {
      const d = path.join(dir, 'md', campaign);
      fs.mkdirSync(d, { recursive: true });
      const t = markdownFile(i, problemRate);
      mdBytes += Buffer.byteLength(t); mdFiles++;
      fs.writeFileSync(path.join(d, `post-${i}.md`), t);
    }
  }
  const images = await makeImages(path.join(dir, 'other', 'images'), Math.max(4, Math.round(files / 50)));
  return { mdFiles, mdBytes, totalFiles: files + images, images };
}

function bigMarkdown(file, mb) {
  seed = 12345;
  const chunks = [];
  let size = 0, i = 0;
  while (size < mb * 1048576) { const t = markdownFile(i++, 0.15) + '\n'; chunks.push(t); size += Buffer.byteLength(t); }
  fs.writeFileSync(file, chunks.join(''));
  return size;
}

// ---------------------------------------------------------------- timing a child process
const HOOK = path.join(os.tmpdir(), `campaign-lint-bench-rss-${process.pid}.mjs`);
fs.writeFileSync(HOOK, `import { isMainThread } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
if (isMainThread && process.env.BENCH_RSS_FILE) process.on('exit', () => { try { appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + '\\n'); } catch {} });\n`);

function timed(cmd, argv, opts = {}) {
  const rssFile = path.join(os.tmpdir(), `campaign-lint-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(HOOK).href}`.trim(), BENCH_RSS_FILE: rssFile, NO_COLOR: '1' };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', opts.keepStdout ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssMB = NaN;
  try { rssMB = Math.max(...fs.readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024; fs.rmSync(rssFile); } catch { /* no node process reported */ }
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`  (${path.basename(cmd)} ${argv.slice(-3).join(' ')} exited ${r.status}: ${String(r.stderr).split('\n').slice(0, 3).join(' | ')})\n`);
  return { seconds, rssMB, status: r.status, stdout: opts.keepStdout ? String(r.stdout) : '' };
}

const CLI = path.join(ROOT, 'bin', 'campaign-lint.js');
const HEAP_CAP_MB = Number(flag('heap-cap', '256'));
const ALEX = path.join(ROOT, 'node_modules', 'alex', 'cli.js');
const OUT = path.join(os.tmpdir(), `campaign-lint-bench-${process.pid}.json`);
/** Run the CLI, and check it really produced a report (a broken build must not look fast). */
const lint = (target, extra = [], cwd, nodeFlags = []) => {
  fs.rmSync(OUT, { force: true });
  const r = timed(process.execPath, [...nodeFlags, CLI, '--format', 'json', '--output', OUT, ...extra, target], { cwd });
  try {
    const res = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    r.files = res.length;
    r.findings = res.reduce((a, x) => a + x.messages.length, 0);
    r.fatals = res.reduce((a, x) => a + x.fatalErrorCount, 0);
  } catch {
    console.error(`campaign-lint produced no report for ${target}: is the build broken? Run npm run build.`);
    process.exit(2);
  }
  return r;
};
const alex = (target) => timed(process.execPath, [ALEX, '--reporter', 'json', target], { cwd: target });
const floor = (target) => timed(process.execPath, [fileURLToPath(import.meta.url), '--floor', target]);

// ---------------------------------------------------------------- main
if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))) { console.error('Build first: npm run build'); process.exit(2); }
const base = Number(flag('base', '1000'));
const sizes = flag('sizes', '1,4,16').split(',').map(Number);
const alexMax = Number(flag('alex-max', '16'));
const bigSizes = flag('big', '5,10,20').split(',').map(Number).filter((x) => x > 0);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-lint-bench-'));
const cores = os.availableParallelism?.() ?? os.cpus().length;
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');

console.log(`campaign-lint benchmark · ${os.cpus()[0]?.model ?? 'unknown CPU'} · ${cores} cores · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB · Node ${process.version} · ${os.platform()} ${os.release()}`);
const { builtinRules } = await import(pathToFileURL(path.join(ROOT, 'dist', 'rules', 'index.js')).href);
console.log(`rules registered: ${builtinRules.length} (${builtinRules.filter((r) => r.meta.recommended && !r.meta.strictOnly).length} recommended): ${builtinRules.map((r) => r.meta.id).join(', ')}`);
console.log(`corpus: ${base} files at 1× (90% Markdown, 10% HTML, plus images with EXIF); alex, the floor and the "md" rows see the Markdown only\n`);

const rows = [];
const report = { machine: { cpu: os.cpus()[0]?.model, cores, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, sizes: [], big: [], cache: null };
for (const k of sizes) {
  const dir = path.join(work, `corpus-${k}x`);
  const c = await makeCorpus(dir, base * k);
  const md = path.join(dir, 'md');
  const mb = c.mdBytes / 1048576;
  const cl = lint(md);
  const cl1 = lint(md, ['--concurrency', 'off']);
  // the same run with V8's heap capped: peak RSS without V8's lazy heap growth, i.e. what the run needs
  const capped = lint(md, ['--concurrency', 'off'], undefined, [`--max-old-space-size=${HEAP_CAP_MB}`]);
  const fl = floor(md);
  const ax = k <= alexMax ? alex(md) : null;
  const all = lint(dir);
  const row = { scale: k, mdFiles: c.mdFiles, mdMB: mb, allFiles: c.totalFiles, lint: cl, lintSerial: cl1, capped, floor: fl, alex: ax, all };
  rows.push(row);
  report.sizes.push({ scale: k, mdFiles: c.mdFiles, mdMB: +mb.toFixed(2), lintSeconds: +cl.seconds.toFixed(2), lintSerialSeconds: +cl1.seconds.toFixed(2), floorSeconds: +fl.seconds.toFixed(2), alexSeconds: ax ? +ax.seconds.toFixed(2) : null, lintRssMB: Math.round(cl.rssMB), cappedSeconds: +capped.seconds.toFixed(2), cappedRssMB: Math.round(capped.rssMB), cappedFindings: capped.findings, alexRssMB: ax ? Math.round(ax.rssMB) : null, allFiles: c.totalFiles, allSeconds: +all.seconds.toFixed(2), allRssMB: Math.round(all.rssMB) });
  console.log(`${k}×: ${c.mdFiles} Markdown files (${fmt(mb, 2)} MB)`);
  const line = (name, r, n = c.mdFiles, m = mb) => console.log(`  ${name.padEnd(34)} ${fmt(r.seconds, 2).padStart(7)} s  ${fmt(n / r.seconds, 0).padStart(6)} files/s  ${fmt(m / r.seconds, 2).padStart(6)} MB/s  peak RSS ${fmt(r.rssMB, 0).padStart(5)} MB`);
  line('campaign-lint (md, auto workers)', cl);
  line('campaign-lint (md, in-process)', cl1);
  line(`  … heap capped at ${HEAP_CAP_MB} MB`, capped);
  if (capped.findings !== cl1.findings) console.log(`  (the capped run reported ${capped.findings} findings, not ${cl1.findings}: ${capped.fatals} files were skipped for memory)`);
  if (ax) line('alex (md)', ax);
  line('floor: read + remark-parse (md)', fl);
  line(`campaign-lint (all ${c.totalFiles} files)`, all, c.totalFiles, NaN);
  console.log(`  campaign-lint reported ${cl.findings} findings in ${cl.files} Markdown files (${cl.fatals} fatal); ${all.findings} in all ${all.files} files (${all.fatals} fatal)`);
  console.log(`  throughput ratio campaign-lint/alex: ${ax ? fmt(ax.seconds / cl.seconds, 2) + '×' : 'not run'} (in-process ${ax ? fmt(ax.seconds / cl1.seconds, 2) + '×' : '–'}) · time ratio campaign-lint/floor: ${fmt(cl.seconds / fl.seconds, 2)}× (in-process ${fmt(cl1.seconds / fl.seconds, 2)}×)\n`);
}
if (rows.length > 1) {
  const a = rows[0], z = rows[rows.length - 1];
  const per = (r) => r.lint.seconds / r.mdFiles;
  const growth = per(z) / per(a);
  console.log(`linearity: time per file at ${z.scale}× is ${fmt(growth, 2)}× the time per file at ${a.scale}× (${growth < 1.25 ? 'linear (≤1.25)' : 'NOT linear'}); ` +
    `peak RSS ${fmt(a.lint.rssMB, 0)} → ${fmt(z.lint.rssMB, 0)} MB for ${z.scale / a.scale}× the files`);
  report.linearity = { perFileGrowth: +growth.toFixed(2), rssFirst: Math.round(a.lint.rssMB), rssLast: Math.round(z.lint.rssMB), cappedRssFirst: Math.round(a.capped.rssMB), cappedRssLast: Math.round(z.capped.rssMB) };
  console.log(`memory: with the heap capped at ${HEAP_CAP_MB} MB, peak RSS ${fmt(a.capped.rssMB, 0)} → ${fmt(z.capped.rssMB, 0)} MB from ${a.scale}× to ${z.scale}× (${Math.abs(z.capped.rssMB - a.capped.rssMB) / a.capped.rssMB < 0.25 ? 'independent of the number of files' : 'GROWS with the number of files'}); time ${fmt(z.capped.seconds / z.lintSerial.seconds, 2)}× the uncapped run at ${z.scale}×`);
}

// --cache: a cold run, then an unchanged re-run
{
  const dir = path.join(work, `corpus-${sizes[0]}x`, 'md');
  const loc = path.join(work, 'cache') + path.sep;
  const cold = lint(dir, ['--cache', '--cache-location', loc]);
  const warm = lint(dir, ['--cache', '--cache-location', loc]);
  console.log(`\n--cache at ${sizes[0]}×: cold ${fmt(cold.seconds, 2)} s, unchanged re-run ${fmt(warm.seconds, 2)} s: ${fmt(cold.seconds / warm.seconds, 1)}× faster`);
  report.cache = { cold: +cold.seconds.toFixed(2), warm: +warm.seconds.toFixed(2), speedup: +(cold.seconds / warm.seconds).toFixed(1) };
}

// single large files
if (bigSizes.length) {
  console.log('');
  const bigs = [];
  for (const mbWanted of bigSizes) {
    const bd = path.join(work, `big-${mbWanted}`);
    fs.mkdirSync(bd, { recursive: true });
    const f = path.join(bd, `big-${mbWanted}mb.md`);
    const bytes = bigMarkdown(f, mbWanted);
    const r = lint(f);
    const fl = floor(bd);
    bigs.push({ mb: bytes / 1048576, r });
    console.log(`single ${fmt(bytes / 1048576, 1)} MB Markdown file: ${fmt(r.seconds, 2)} s (${fmt(bytes / 1048576 / r.seconds, 2)} MB/s), peak RSS ${fmt(r.rssMB, 0)} MB; floor ${fmt(fl.seconds, 2)} s (${fmt(r.seconds / fl.seconds, 2)}×)`);
    report.big.push({ mb: +(bytes / 1048576).toFixed(1), seconds: +r.seconds.toFixed(2), floorSeconds: +fl.seconds.toFixed(2), rssMB: Math.round(r.rssMB) });
    fs.rmSync(bd, { recursive: true, force: true });
  }
  if (bigs.length > 1) {
    const a = bigs[0], z = bigs[bigs.length - 1];
    const g = (z.r.seconds / z.mb) / (a.r.seconds / a.mb);
    console.log(`large-file linearity: seconds per MB at ${fmt(z.mb, 0)} MB is ${fmt(g, 2)}× that at ${fmt(a.mb, 0)} MB (${g < 1.25 ? 'linear' : 'NOT linear'})`);
    report.bigLinearity = +g.toFixed(2);
  }
}

const jsonOut = flag('json');
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(report, null, 2));
if (!args.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
else console.log(`\ncorpus kept in ${work}`);
fs.rmSync(HOOK, { force: true });
