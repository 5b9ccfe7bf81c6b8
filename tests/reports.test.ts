/**
 * Report formats against the sample campaign: SARIF (valid against the official SARIF 2.1.0 schema,
 * every finding a result at the right place, fixes where a replacement exists), GitHub workflow
 * commands (every line parses back to the finding) and the HTML report's structure (the browser
 * test is tests/html-report.test.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintFiles } from '../src/engine.js';
import { escapeData, escapeProperty, formatGithub } from '../src/formatters/github.js';
import { formatHtml } from '../src/formatters/html.js';
import { formatSarif, toSarif, UNREADABLE_RULE_ID } from '../src/formatters/sarif.js';
import type { FileResult, Finding } from '../src/types.js';

const ROOT = path.resolve(__dirname, '..');
const SAMPLE = path.join(ROOT, 'fixtures/sample-campaign');
const FIXFILE = path.join(ROOT, 'fixtures/fix/labels.md');
const rules = new Map(builtinRules.map((r) => [r.meta.id, r]));

let results: FileResult[];
let all: { r: FileResult; m: Finding }[];

beforeAll(async () => {
  // the sample campaign plus a document whose findings carry safe fixes
  results = await lintFiles([SAMPLE, FIXFILE], { cwd: ROOT });
  all = results.flatMap((r) => r.messages.map((m) => ({ r, m })));
}, 120000);

describe('the sample campaign', () => {
  it('has findings in several files, some of them fixable', () => {
    expect(results.filter((r) => r.messages.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(all.some(({ m }) => m.fix)).toBe(true);
  });
});

describe('--format sarif', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/schemas/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatSarif(results, { cwd: ROOT, rules }));
    const ok = validate(log);
    expect(ok, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema check is real: a broken log fails it', () => {
    const log = toSarif(results, { cwd: ROOT, rules }) as unknown as { runs: { results: { level: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[] }[] };
    log.runs[0]!.results[0]!.level = 'severe';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule: description, principle, documentation link, default level', () => {
    const log = toSarif(results, { cwd: ROOT, rules });
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('campaign-lint');
    expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const rule of builtinRules) {
      const d = driver.rules!.find((x) => x.id === rule.meta.id)!;
      expect(d, rule.meta.id).toBeDefined();
      expect(d.shortDescription!.text.length).toBeGreaterThan(10);
      expect(d.fullDescription!.text).toBe(rule.meta.description);
      expect(d.help!.text).toContain(rule.meta.principle);
      expect(d.help!.markdown).toContain(`**Principle:** ${rule.meta.principle}`);
      expect(d.helpUri).toMatch(new RegExp(`^https://.*${rule.meta.id}\\.md$`));
      expect(d.help!.markdown).toContain(d.helpUri!);
      expect(d.defaultConfiguration!.level).toBe({ error: 'error', warn: 'warning', info: 'note', off: 'none' }[rule.meta.severity]);
    }
  });

  it('turns every finding into a result with its rule, level and exact place', () => {
    const log = toSarif(results, { cwd: ROOT, rules });
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(all.length);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(`file://${ROOT}/`);
    all.forEach(({ r, m }, i) => {
      const res = run.results![i]!;
      expect(res.ruleId).toBe(m.ruleId ?? UNREADABLE_RULE_ID);
      expect(run.tool.driver.rules![res.ruleIndex!]!.id).toBe(res.ruleId);
      expect(res.level).toBe(['note', 'warning', 'error'][m.severity]);
      expect(res.message.text!.startsWith(m.message)).toBe(true);
      const loc = res.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
      expect(decodeURIComponent(loc.artifactLocation!.uri!)).toBe(path.relative(ROOT, r.filePath).split(path.sep).join('/'));
      if (r.source) {
        const reg = loc.region!;
        expect([reg.startLine, reg.startColumn, reg.endLine, reg.endColumn]).toEqual([m.line, m.column, m.endLine, m.endColumn]);
        expect(r.source.slice(reg.charOffset!, reg.charOffset! + reg.charLength!)).toBe(m.actual ?? '');
      } else {
        // images and other binary files have no text lines to point at
        expect(loc.region).toBeUndefined();
      }
    });
  });

  it('offers a SARIF fix exactly where a finding has a safe replacement', () => {
    const log = toSarif(results, { cwd: ROOT, rules });
    const res = log.runs[0]!.results!;
    let fixes = 0;
    all.forEach(({ r, m }, i) => {
      const f = res[i]!.fixes;
      if (!m.fix) { expect(f, `${m.ruleId} ${m.actual}`).toBeUndefined(); return; }
      fixes++;
      const rep = f![0]!.artifactChanges[0]!.replacements[0]! as Sarif.Replacement;
      expect(rep.insertedContent!.text).toBe(m.fix.text);
      expect(r.source!.slice(rep.deletedRegion.charOffset!, rep.deletedRegion.charOffset! + rep.deletedRegion.charLength!)).toBe(m.actual);
      expect(f![0]!.description!.text).toContain(m.fix.text);
    });
    expect(fixes).toBeGreaterThan(0);
  });

  it('reports a file that could not be read as a result of its own, still schema-valid', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-sarif-'));
    try {
      const empty = path.join(dir, 'empty poster, draft.md');
      fs.writeFileSync(empty, '');
      const res: FileResult[] = [{ filePath: empty, messages: [{ ruleId: null, severity: 2, fatal: true, message: 'This file is empty: there is nothing to check.', line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, source: 'file' }], errorCount: 1, warningCount: 0, infoCount: 0, fatalErrorCount: 1 }];
      const log = toSarif(res, { cwd: dir, rules });
      expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
      const r0 = log.runs[0]!.results![0]!;
      expect(r0.ruleId).toBe(UNREADABLE_RULE_ID);
      expect(r0.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('empty%20poster%2C%20draft.md');
      expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toContain('empty');
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

/** Parse one workflow command line back into its parts (the way the Actions runner reads it). */
function parseCommand(line: string): { kind: string; props: Record<string, string>; message: string } | null {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return null;
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
  }
  return { kind: m[1]!, props, message: unData(m[3]!) };
}

describe('--format github', () => {
  it('prints one parseable annotation per warning and error, at the finding\'s place', () => {
    const out = formatGithub(results, { cwd: ROOT });
    const lines = out.trimEnd().split('\n');
    const cmds = lines.filter((l) => l.startsWith('::'));
    const shown = all.filter(({ m }) => m.severity > 0 || m.fatal);
    expect(cmds).toHaveLength(shown.length);
    shown.forEach(({ r, m }, i) => {
      const c = parseCommand(cmds[i]!);
      expect(c, cmds[i]).not.toBeNull();
      expect(c!.kind).toBe(m.severity === 2 ? 'error' : 'warning');
      expect(c!.props.file).toBe(path.relative(ROOT, r.filePath).split(path.sep).join('/'));
      expect(fs.existsSync(path.join(ROOT, c!.props.file!))).toBe(true);
      expect(c!.props.title).toBe(`campaign-lint: ${m.ruleId}${m.source && !['text', 'document', 'file'].includes(m.source) ? ` (${m.source})` : ''}`);
      expect(c!.message.split('\n')[0]).toBe(m.message);
      if (r.source) {
        expect(Number(c!.props.line)).toBe(m.line);
        expect(Number(c!.props.endLine)).toBe(m.endLine);
        if (m.line === m.endLine && m.endOffset > m.offset) expect([Number(c!.props.col), Number(c!.props.endColumn)]).toEqual([m.column, m.endColumn]);
        else expect(c!.props.col).toBeUndefined();
      }
      if (m.suggestions?.[0]) expect(c!.message).toContain(`Suggestion: ${m.suggestions[0].desc}`);
    });
    expect(lines.at(-1)).toMatch(/^campaign-lint: \d+ errors?, \d+ warnings?.* in \d+ files?\.$/);
  });

  it('info notes become ::notice only when asked for (--info)', () => {
    const infos = all.filter(({ m }) => m.severity === 0);
    expect(infos.length).toBeGreaterThan(0);
    expect(formatGithub(results, { cwd: ROOT })).not.toContain('::notice');
    const withInfo = formatGithub(results, { cwd: ROOT, showInfo: true });
    expect(withInfo.split('\n').filter((l) => l.startsWith('::notice'))).toHaveLength(infos.length);
  });

  it('escapes %, CR, LF and, in properties, "," and ":" so values round-trip', () => {
    expect(escapeData('100% sure\r\nnext')).toBe('100%25 sure%0D%0Anext');
    expect(escapeProperty('a,b: c%')).toBe('a%2Cb%3A c%25');
    const tricky: FileResult = {
      filePath: path.join(ROOT, 'drafts', 'poster: v2, final.md'), errorCount: 1, warningCount: 0, infoCount: 0, fatalErrorCount: 0, source: 'x',
      messages: [{ ruleId: 'sensationalism', severity: 2, message: '50% of "facts", here:\nnot sourced', line: 2, column: 3, endLine: 2, endColumn: 9, offset: 5, endOffset: 11, source: 'alt' }],
    };
    const c = parseCommand(formatGithub([tricky], { cwd: ROOT }).split('\n')[0]!)!;
    expect(c.props.file).toBe('drafts/poster: v2, final.md');
    expect(c.message).toBe('50% of "facts", here:\nnot sourced');
    expect(c.props.title).toBe('campaign-lint: sensationalism (alt)');
    expect(Object.keys(c.props)).toEqual(['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
  });
});

describe('--format html (structure; tests/html-report.test.ts checks it in Chromium)', () => {
  let html: string;
  beforeAll(async () => { html = await formatHtml(results, { cwd: ROOT, rules }); }, 60000);

  it('is one self-contained file: no external scripts, styles, images or fonts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel=["']?stylesheet/i);
    expect(html).not.toMatch(/<img[^>]+src=(?!["']?data:)/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?http/i);
  });

  it('lists every finding with its message, rule and suggestion, and highlights text findings in context', () => {
    for (const { m } of all) {
      const esc = m.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      expect(html).toContain(esc);
    }
    const items = html.match(/<li class="finding /g) ?? [];
    expect(items).toHaveLength(all.length);
    const withRange = all.filter(({ r, m }) => r.source && m.endOffset > m.offset);
    expect(withRange.length).toBeGreaterThan(0);
    const marked = new Set([...html.matchAll(/<mark class="hl [^"]*" data-f="([^"]+)"/g)].flatMap((x) => x[1]!.split(' ')));
    // every ranged text finding is highlighted somewhere in its document
    let ranged = 0;
    let di = 0;
    for (const r of results) {
      if (!r.messages.length) continue;
      di++;
      r.messages.forEach((m, i) => { if (r.source && m.endOffset > m.offset) { ranged++; expect(marked.has(`f-${di}-${i + 1}`), `${m.ruleId} «${m.actual}»`).toBe(true); } });
    }
    expect(ranged).toBe(withRange.length);
  });

  it('has a summary by principle and rule, and filters for every rule and severity', () => {
    expect(html).toContain('Summary by principle');
    for (const id of new Set(all.map(({ m }) => m.ruleId ?? UNREADABLE_RULE_ID))) {
      expect(html).toContain(`name="rule" value="${id}"`);
      const principle = rules.get(id)?.meta.principle;
      if (principle) expect(html).toContain(principle.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    }
    for (const s of ['error', 'warning', 'info']) expect(html).toContain(`name="severity" value="${s}"`);
    expect(html).toMatch(/@media print\{[^]*\.filters[^}]*display:none/);
  });

  it('embeds a thumbnail for image files', () => {
    const imageResults = results.filter((r) => /\.(jpe?g|png|webp|gif|tiff?)$/i.test(r.filePath) && r.messages.length);
    expect(imageResults.length).toBeGreaterThan(0);
    const thumbs = html.match(/<img class="thumb" src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+"/g) ?? [];
    expect(thumbs).toHaveLength(imageResults.length);
  });

  it('still highlights passages for results without their text (from --cache)', async () => {
    const withText = results.find((r) => r.source && r.messages.some((m) => m.endOffset > m.offset))!;
    const { source: _s, ...noText } = withText;
    const out = await formatHtml([noText], { cwd: ROOT, rules });
    expect((out.match(/<mark class="hl /g) ?? []).length).toBeGreaterThan(0);
  });

  it('escapes document text, so a report of hostile HTML cannot run script', async () => {
    const r: FileResult = { filePath: path.join(ROOT, 'x.html'), source: '<script>alert(1)</script> sex slaves', errorCount: 0, warningCount: 1, infoCount: 0, fatalErrorCount: 0,
      messages: [{ ruleId: 'dehumanizing-label', severity: 1, message: 'A <b>label</b>', line: 1, column: 27, endLine: 1, endColumn: 37, offset: 26, endOffset: 36, actual: 'sex slaves' }] };
    const out = await formatHtml([r], { cwd: ROOT, rules });
    expect(out).not.toContain('<script>alert(1)');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('A &lt;b&gt;label&lt;/b&gt;');
  });
});

describe('the CLI formats', () => {
  it('--format sarif/github/html print the same reports, and -o writes a file', () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli.js'))) throw new Error('Build first: npx tsc -p . (npm test does this).');
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/campaign-lint.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const sarif = cli(['--format', 'sarif', 'fixtures/fix/labels.md']);
    expect(sarif.status).toBe(1);
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    expect(log.runs[0]!.results!.length).toBeGreaterThan(0);
    const gh = cli(['--format', 'github', 'fixtures/fix/labels.md']);
    expect(gh.stdout.split('\n')[0]).toMatch(/^::(warning|error) file=fixtures\/fix\/labels\.md,line=\d+/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-html-'));
    try {
      const out = path.join(dir, 'report.html');
      const h = cli(['--format', 'html', '-o', out, 'fixtures/fix/labels.md']);
      expect(h.stdout).toBe('');
      expect(fs.readFileSync(out, 'utf8')).toContain('fixtures/fix/labels.md');
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('integrations', () => {
  it('the pre-commit hooks cover every file type campaign-lint reads', async () => {
    const { parse } = await import('yaml');
    const { supportedExtensions } = await import('../src/parse/index.js');
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string }[];
    expect(hooks.map((h) => h.id)).toEqual(['campaign-lint', 'campaign-lint-fix']);
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(h.entry.split(' ')[0]).toBe(Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin)[0]);
      const re = new RegExp(h.files.replace(/^\(\?i\)/, ''), h.files.startsWith('(?i)') ? 'i' : '');
      for (const ext of supportedExtensions()) expect(re.test(`poster${ext}`), `${h.id} ${ext}`).toBe(true);
      expect(re.test('POSTER.JPG')).toBe(true);
      expect(re.test('script.js')).toBe(false);
    }
  });

  it('the GitHub Action runs campaign-lint for SARIF and annotations, and uploads the SARIF', async () => {
    const { parse } = await import('yaml');
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }; inputs: Record<string, { default?: string }> };
    expect(action.runs.using).toBe('composite');
    const script = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('--format sarif --output "$CL_SARIF"');
    expect(script).toContain('--format github');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toContain('steps.lint.outputs.sarif-file');
    expect(action.inputs.paths!.default).toBe('.');
  });
});
