/**
 * --init: write a commented starter config (campaign-lint.config.mjs) in the current folder.
 * On a terminal it asks three short questions; with --yes (or when not on a terminal) it uses the
 * defaults. It never overwrites an existing config.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { builtinRules } from '../rules/index.js';
import type { Rule } from './types.js';

export const INIT_FILE = 'campaign-lint.config.mjs';
const CONFIG_FILES = ['campaign-lint.config.js', 'campaign-lint.config.mjs', 'campaign-lint.config.cjs', 'campaign-lint.config.json', '.campaignlintrc.json', '.campaignlintrc'];

export interface InitAnswers {
  preset: 'recommended' | 'strict';
  /** local help resources that count as a local call to action (hotline numbers, services, web addresses) */
  resources: string[];
  ocr: boolean;
}

export const DEFAULT_ANSWERS: InitAnswers = { preset: 'recommended', resources: [], ocr: false };

/** The config file already in `dir`, if any (including a "campaign-lint" key in package.json). */
export function existingConfig(dir: string): string | undefined {
  for (const name of CONFIG_FILES) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  const pkg = path.join(dir, 'package.json');
  try {
    const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as Record<string, unknown>;
    if (json && typeof json === 'object' && 'campaign-lint' in json) return `${pkg} ("campaign-lint" key)`;
  } catch { /* no package.json, or not ours to judge */ }
  return undefined;
}

const js = (v: unknown) => JSON.stringify(v);

/** The commented starter config for some answers. */
export function starterConfig(a: InitAnswers, rules: Rule[] = builtinRules): string {
  const ruleLines = [...rules].sort((x, y) => x.meta.id.localeCompare(y.meta.id)).map((r) => {
    const def = r.meta.strictOnly || !r.meta.recommended ? 'off (on in strict)' : r.meta.severity;
    return `    // ${js(r.meta.id)}: ${js(r.meta.severity === 'off' ? 'warn' : r.meta.severity)},${' '.repeat(Math.max(1, 30 - r.meta.id.length))}// now: ${def}. ${r.meta.principle}`;
  });
  return `// campaign-lint configuration. Written by \`campaign-lint --init\`; edit it freely.
// Every key is optional. README "Configuration" explains each one; \`campaign-lint --list-rules\`
// lists the rules and \`campaign-lint --explain <rule>\` shows why a rule exists and how to fix its findings.

/** @type {import('campaign-lint').UserConfig} */
export default {
  // "recommended" turns on the rules that almost never cry wolf; "strict" turns on every rule.
  extends: ${js(a.preset)},

  // Change a rule's severity: "off", "info", "warn" or "error". Uncomment a line to change it.
  rules: {
${ruleLines.join('\n')}
  },

  // Words or phrases never to flag anywhere (for example a programme or partner name).
  allow: [],

  // Your own local help: hotline numbers, services, web addresses. A document that mentions one
  // of these counts as giving readers a concrete local step (the local-action rule).
  localAction: {
    resources: ${js(a.resources)},
  },

  // Read the text printed inside images (posters, social tiles) with OCR. Slower; --ocr / --no-ocr override it.
  ocr: ${js(a.ocr)},

  // Folders or files not to check (in addition to .gitignore and .campaignlintignore).
  ignores: [],

  // Different settings for some files, for example quoted survivor testimony:
  // overrides: [{ files: ["testimony/**"], rules: { "sensationalism": "info" } }],
};
`;
}

/** Ask the init questions on a terminal. */
export async function askInitQuestions(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<InitAnswers> {
  const rl = createInterface({ input, output, terminal: true });
  try {
    output.write('Setting up campaign-lint for this folder. Press Enter to accept the [default].\n\n');
    output.write('1. Which rules should run? "recommended": the rules that rarely flag good writing; "strict": every rule.\n');
    const preset = (await rl.question('   recommended or strict [recommended]: ')).trim().toLowerCase();
    output.write('\n2. Your organisation\'s local help resources (hotline numbers, service names, web addresses),\n   separated by commas. A document that mentions one gives readers a concrete local step.\n');
    const resources = (await rl.question('   resources [none]: ')).trim();
    output.write('\n3. Read the text printed inside images (posters, social tiles) with OCR? It is slower.\n');
    const ocr = (await rl.question('   y or n [n]: ')).trim().toLowerCase();
    return parseAnswers({ preset, resources, ocr });
  } finally {
    rl.close();
  }
}

/** Turn typed answers into settings (blank means the default). */
export function parseAnswers(raw: { preset?: string; resources?: string; ocr?: string }): InitAnswers {
  const p = (raw.preset ?? '').trim().toLowerCase();
  return {
    preset: p.startsWith('s') ? 'strict' : 'recommended',
    resources: (raw.resources ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    ocr: /^(y|yes|true|1)$/i.test((raw.ocr ?? '').trim()),
  };
}

export interface InitOptions {
  cwd: string;
  /** answers to use instead of asking (--yes gives DEFAULT_ANSWERS) */
  answers?: InitAnswers;
  /** how to ask when no answers are given */
  ask?: () => Promise<InitAnswers>;
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Run --init. Returns the exit code: 0 written, 2 a config exists or it could not be written. */
export async function runInit(o: InitOptions): Promise<number> {
  const existing = existingConfig(o.cwd);
  if (existing) {
    o.err(`campaign-lint: a config already exists here: ${existing}. --init never overwrites it; edit that file instead.\n`);
    return 2;
  }
  const answers = o.answers ?? (o.ask ? await o.ask() : DEFAULT_ANSWERS);
  const file = path.join(o.cwd, INIT_FILE);
  try {
    // 'wx' fails if the file appeared in the meantime: never overwrite
    fs.writeFileSync(file, starterConfig(answers), { flag: 'wx' });
  } catch (e) {
    o.err(`campaign-lint: could not write ${file}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : (e as Error).message}.\n`);
    return 2;
  }
  o.out(`Wrote ${INIT_FILE} (${answers.preset} rules${answers.resources.length ? `, ${answers.resources.length} local resource${answers.resources.length === 1 ? '' : 's'}` : ''}${answers.ocr ? ', OCR on' : ''}).\nRun campaign-lint to check this folder, or open the file to adjust rules.\n`);
  return 0;
}
