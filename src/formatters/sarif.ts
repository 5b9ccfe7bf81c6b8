/**
 * --format sarif: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 * One run; tool.driver lists every known rule (description, principle, doc link, default level);
 * each finding becomes a result with a physical location (line/column and character offsets,
 * relative to the working folder through the %SRCROOT% base) and, where the rule declared a safe
 * replacement, a SARIF fix.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { docsUrl } from '../linter.js';
import type { FileResult, Finding, Rule, SeverityName } from '../types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** pseudo-rule for files that could not be read or parsed (findings with ruleId null) */
export const UNREADABLE_RULE_ID = 'unreadable-file';

export interface SarifOptions {
  cwd?: string;
  rules?: Map<string, Rule>;
  version?: string;
}

const LEVEL: Record<number, Sarif.Result.level> = { 2: 'error', 1: 'warning', 0: 'note' };
const DEFAULT_LEVEL: Record<SeverityName, Sarif.ReportingConfiguration.level> = { error: 'error', warn: 'warning', info: 'note', off: 'none' };

/** campaign-lint's own version, from the nearest package.json named campaign-lint (works from src/ and dist/src/). */
export function toolVersion(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'campaign-lint') return pkg.version;
    } catch { /* not here */ }
    dir = path.dirname(dir);
  }
  return undefined;
}

function toUriPath(rel: string): string {
  return rel.split(/[\\/]/).map((s) => encodeURIComponent(s)).join('/');
}

/** artifactLocation for a file: relative to %SRCROOT% (the working folder) when inside it, else an absolute file: URI. */
export function artifactLocation(filePath: string, cwd: string): Sarif.ArtifactLocation {
  const rel = path.relative(cwd, filePath);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: toUriPath(rel), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(filePath).href };
}

function ruleDescriptor(rule: Rule, docsUrlFromFindings?: string): Sarif.ReportingDescriptor {
  const m = rule.meta;
  const url = m.docs ?? docsUrlFromFindings ?? docsUrl(undefined, m.id);
  const text = `${m.description}\n\nPrinciple: ${m.principle}${url ? `\n\nDocumentation: ${url}` : ''}`;
  const markdown = `${m.description}\n\n**Principle:** ${m.principle}${url ? `\n\n[Read the rule's documentation](${url})` : ''}`;
  return {
    id: m.id,
    name: m.id.split(/[-/]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: m.description.split(/(?<=\.)\s/)[0] ?? m.description },
    fullDescription: { text: m.description },
    help: { text, markdown },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { enabled: m.severity !== 'off', level: DEFAULT_LEVEL[m.severity] },
    properties: { tags: ['campaign-lint', m.principle].filter(Boolean), principle: m.principle, scope: m.scope, fixable: !!m.fixable },
  };
}

const unreadableDescriptor: Sarif.ReportingDescriptor = {
  id: UNREADABLE_RULE_ID,
  name: 'UnreadableFile',
  shortDescription: { text: 'A file could not be read or parsed, so it was not checked.' },
  fullDescription: { text: 'campaign-lint could not read or parse this file, so none of its content was checked.' },
  help: { text: 'Open the file and check it is saved in a supported format (Markdown, HTML, text, images, PDF, DOCX) and is not damaged.', markdown: 'Open the file and check it is saved in a supported format and is not damaged.' },
  defaultConfiguration: { enabled: true, level: 'error' },
};

function region(m: Finding, hasText: boolean): Sarif.Region | undefined {
  if (!hasText) return undefined;
  const r: Sarif.Region = { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn, charOffset: m.offset, charLength: Math.max(0, m.endOffset - m.offset) };
  if (m.actual) r.snippet = { text: m.actual };
  return r;
}

function resultMessage(m: Finding): string {
  const sug = m.suggestions?.[0];
  const tail = sug ? ` Suggestion: ${sug.desc}${sug.replacement ? `: “${sug.replacement}”` : ''}.` : '';
  return `${m.message}${tail}`;
}

/** Build the SARIF log object. */
export function toSarif(results: FileResult[], opts: SarifOptions = {}): Sarif.Log {
  const cwd = opts.cwd ?? process.cwd();
  const version = opts.version ?? toolVersion();
  const known = opts.rules ?? new Map<string, Rule>();
  const ids = new Set<string>(known.keys());
  let hasUnreadable = false;
  for (const r of results) for (const m of r.messages) {
    if (m.ruleId) ids.add(m.ruleId); else hasUnreadable = true;
  }
  const sortedIds = [...ids].sort();
  const urlOf = new Map<string, string>();
  for (const r of results) for (const m of r.messages) if (m.ruleId && m.url && !urlOf.has(m.ruleId)) urlOf.set(m.ruleId, m.url);
  const descriptors: Sarif.ReportingDescriptor[] = sortedIds.map((id) => {
    const rule = known.get(id);
    if (rule) return ruleDescriptor(rule, urlOf.get(id));
    // a finding from a rule we have no metadata for (e.g. results produced elsewhere)
    return { id, shortDescription: { text: id }, ...(urlOf.get(id) ? { helpUri: urlOf.get(id) } : {}) };
  });
  if (hasUnreadable) descriptors.push(unreadableDescriptor);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));

  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const r of results) {
    const loc = artifactLocation(r.filePath, cwd);
    const hasText = typeof r.source === 'string' ? r.source.length > 0 : true;
    for (const m of r.messages) {
      const ruleId = m.ruleId ?? UNREADABLE_RULE_ID;
      const reg = m.fatal ? undefined : region(m, hasText);
      const result: Sarif.Result = {
        ruleId,
        ruleIndex: index.get(ruleId)!,
        level: LEVEL[m.severity] ?? 'warning',
        message: { text: resultMessage(m) },
        locations: [{ physicalLocation: { artifactLocation: loc, ...(reg ? { region: reg } : {}) } }],
        partialFingerprints: {
          'campaignLint/v1': crypto.createHash('sha256').update(`${ruleId}\0${path.relative(cwd, r.filePath)}\0${m.source ?? ''}\0${m.actual ?? m.message}`).digest('hex').slice(0, 32),
        },
        properties: {
          ...(m.source ? { source: m.source } : {}),
          ...(m.principle ? { principle: m.principle } : {}),
          ...(m.suggestions?.length ? { suggestions: m.suggestions } : {}),
        },
      };
      if (m.fix && hasText) {
        const sug = m.suggestions?.find((s) => s.replacement === m.fix!.text) ?? m.suggestions?.[0];
        result.fixes = [{
          description: { text: sug ? `${sug.desc}: “${m.fix.text}”` : `Replace with “${m.fix.text}”` },
          artifactChanges: [{
            artifactLocation: loc,
            replacements: [{
              deletedRegion: { charOffset: m.fix.range[0], charLength: m.fix.range[1] - m.fix.range[0] },
              insertedContent: { text: m.fix.text },
            }],
          }],
        }];
      }
      sarifResults.push(result);
      if (m.fatal) notifications.push({ level: 'error', message: { text: m.message }, locations: [{ physicalLocation: { artifactLocation: loc } }] });
    }
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'campaign-lint',
          ...(version ? { version, semanticVersion: version } : {}),
          informationUri: 'https://github.com/campaign-lint/campaign-lint',
          rules: descriptors,
        },
      },
      invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  };
}

export function formatSarif(results: FileResult[], opts: SarifOptions = {}): string {
  return JSON.stringify(toSarif(results, opts), null, 2) + '\n';
}
