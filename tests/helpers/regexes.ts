/**
 * Every regular expression campaign-lint runs, for the ReDoS test: the compiled term-rule entries
 * (patterns, unless, requires), pattern strings in rules/data/*.json (macros expanded, as the rules
 * compile them), and regex literals in the rule and engine sources (found with the TypeScript parser).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { builtinRules } from '../../rules/index.js';
import { expandMacros } from '../../src/term-rule.js';

export interface FoundRegex { source: string; flags: string; where: string }

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** keys of data files that hold prose, names or settings, never patterns */
const PROSE_KEYS = new Set(['$comment', 'desc', 'reason', 'message', 'replacement', 'title', 'url', 'org', 'why', 'label', 'id', 'gate', 'severity', 'status', 'note', 'rule', 'sample', 'sampleSentence', 'sampleLine', 'detail', 'current', 'suggestions', 'ignoreRules', 'ignorePhrases', 'frontMatterKeys', 'defaultResources', 'fixable', 'skipFormats', 'names', 'countries', 'notNames', 'quotes']);
const META = /[\\()|?*+{}[\]^$.]/;

function add(out: Map<string, FoundRegex>, source: string, flags: string, where: string) {
  const key = `/${source}/${flags}`;
  if (!out.has(key)) out.set(key, { source, flags, where });
}

export function collectRegexes(): FoundRegex[] {
  const out = new Map<string, FoundRegex>();
  for (const r of builtinRules as (typeof builtinRules[number] & { entries?: { id: string; res: RegExp[]; unlessRe: RegExp[]; requiresRe: RegExp[] }[] })[]) {
    for (const e of r.entries ?? []) {
      for (const re of [...e.res, ...e.unlessRe, ...e.requiresRe]) add(out, re.source, re.flags.replace('g', ''), `${r.meta.id}/${e.id}`);
    }
  }
  const dataDir = path.join(ROOT, 'rules', 'data');
  for (const f of fs.readdirSync(dataDir).filter((n) => n.endsWith('.json'))) {
    const walk = (v: unknown, key: string, where: string): void => {
      if (PROSE_KEYS.has(key)) return;
      if (typeof v === 'string') {
        if (!META.test(v)) return;
        const src = expandMacros(v);
        try { new RegExp(src, 'iu'); } catch { return; } // not a pattern (or compiled differently by its rule)
        add(out, src, 'iu', where);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key, where));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, `${where}.${k}`);
    };
    walk(JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')), '', f);
  }
  const sources: string[] = [];
  const listTs = (d: string) => { for (const n of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, n.name); if (n.isDirectory()) listTs(p); else if (n.name.endsWith('.ts') && !n.name.endsWith('.d.ts')) sources.push(p); } };
  listTs(path.join(ROOT, 'rules'));
  listTs(path.join(ROOT, 'src'));
  for (const file of sources) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const slash = text.lastIndexOf('/');
        const flags = text.slice(slash + 1).replace(/[gy]/g, '');
        add(out, text.slice(1, slash), flags, `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return [...out.values()];
}
