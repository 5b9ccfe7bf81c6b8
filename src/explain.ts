/** --list-rules and --explain: rules and their docs in the terminal. */
import fs from 'node:fs';
import type { Rule } from './types.js';
import type { RuleSetting } from './linter.js';

export function ruleDocPath(id: string): URL {
  return new URL(`../../rules/${id}.md`, import.meta.url);
}

export function listRules(rules: Rule[], settings: Record<string, RuleSetting>): string {
  const rows = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id)).map((r) => {
    const s = settings[r.meta.id]?.severity ?? 'off';
    return `${r.meta.id.padEnd(28)} ${s.padEnd(6)} ${r.meta.scope === 'document' ? 'doc ' : '    '} ${r.meta.principle}`;
  });
  return `${'rule'.padEnd(28)} ${'now'.padEnd(6)}      principle\n${rows.join('\n')}\n\nRun campaign-lint --explain <rule> for a rule's documentation.\n`;
}

export function explainRule(rule: Rule, color: boolean): string {
  let doc = '';
  // built-in rules have rules/<id>.md; a plugin rule (id "plugin/rule") gets its description and doc link
  const builtin = /^[a-z0-9-]+$/.test(rule.meta.id);
  try {
    if (!builtin) throw new Error('plugin rule');
    doc = fs.readFileSync(ruleDocPath(rule.meta.id), 'utf8');
  } catch {
    doc = `# ${rule.meta.id}\n\n${rule.meta.description}\n${rule.meta.docs ? `\nDocumentation: ${rule.meta.docs}\n` : ''}`;
  }
  const extra = (rule as unknown as { explain?: () => string }).explain?.() ?? '';
  const text = `${doc.trim()}\n${extra ? '\n' + extra.trim() + '\n' : ''}\nPrinciple: ${rule.meta.principle}\nDefault severity: ${rule.meta.severity}${rule.meta.strictOnly ? ' (on in strict only)' : ''}\n`;
  return color ? text.replace(/^(#+ .*)$/gm, '\x1b[1m$1\x1b[22m') : text;
}
