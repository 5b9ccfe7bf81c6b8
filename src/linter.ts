/**
 * The Linter: runs rules over one document model and post-processes their findings
 * (positions, disable comments, ownership between rules, sorting). It does no I/O.
 */
import { LineIndex, segToFile } from './positions.js';
import type { CampaignDocument, Finding, FileResult, Rule, RuleContext, Severity, SeverityName, ProjectSettings, Directive } from './types.js';

export const SEVERITY: Record<Exclude<SeverityName, 'off'>, Severity> = { info: 0, warn: 1, error: 2 };

export interface RuleSetting { severity: SeverityName; options: Record<string, unknown>; explicit: boolean }
export interface LintOptions {
  rules: Map<string, Rule>;
  ruleSettings: Record<string, RuleSetting>;
  settings: ProjectSettings;
  strict: boolean;
  docsBase?: string;
}

/** A rule that owns a span silences the listed rules on overlapping spans (RULES.md "Ownership"). */
const OWNS: Record<string, string[]> = {
  'restraint-imagery': ['sensationalism'],
  'dehumanizing-label': ['equality'],
  'rescue-framing': ['equality'],
  'sex-work-conflation': ['equality'],
};

export function docsUrl(base: string | undefined, id: string): string {
  return `${base ?? 'https://github.com/campaign-lint/campaign-lint/blob/main/rules/'}${id}.md`;
}

function directiveFilter(directives: Directive[]) {
  const sorted = [...directives].sort((a, b) => a.offset - b.offset);
  return (f: Finding): boolean => {
    if (!f.ruleId) return true;
    const applies = (d: Directive) => d.rules.length === 0 || d.rules.includes(f.ruleId!);
    let disabled = false;
    for (const d of sorted) {
      if (d.offset > f.offset) break;
      if (!applies(d)) continue;
      if (d.kind === 'disable') disabled = true;
      else if (d.kind === 'enable') disabled = false;
    }
    if (disabled) return false;
    for (const d of sorted) {
      if (!applies(d)) continue;
      if (d.kind === 'disable-next-line') {
        // the next line that is not blank
        if (f.line === d.line + 1) return false;
      }
      if (d.kind === 'disable-line' && f.line === d.line) return false;
    }
    return true;
  };
}

export async function lintDocument(doc: CampaignDocument, opts: LintOptions): Promise<FileResult> {
  const lines = new LineIndex(doc.text);
  const messages: Finding[] = [];
  for (const [id, rule] of opts.rules) {
    const setting = opts.ruleSettings[id];
    if (!setting || setting.severity === 'off') continue;
    if (rule.meta.strictOnly && !opts.strict && !setting.explicit) continue;
    const ctx: RuleContext = {
      doc,
      options: { ...setting.options, strict: opts.strict || setting.options.strict === true },
      settings: opts.settings,
      report(d) {
        let offset = 0, endOffset = 0;
        let actual: string | undefined;
        if (d.segment && d.start !== undefined && d.end !== undefined) {
          offset = segToFile(d.segment, d.start);
          endOffset = Math.max(offset, segToFile(d.segment, d.end, true));
          actual = doc.text ? doc.text.slice(offset, endOffset) : d.segment.text.slice(d.start, d.end);
        }
        const s = lines.locate(offset), e = lines.locate(endOffset);
        const sevName = setting.explicit ? setting.severity : (d.severity ?? rule.meta.severity);
        if (sevName === 'off') return;
        const f: Finding = {
          ruleId: id,
          severity: SEVERITY[sevName],
          message: d.message,
          line: s.line, column: s.column, endLine: e.line, endColumn: e.column,
          offset, endOffset,
          ...(actual !== undefined ? { actual } : {}),
          suggestions: d.suggestions ?? [],
          principle: rule.meta.principle,
          url: rule.meta.docs ?? docsUrl(opts.docsBase, id),
          source: d.segment?.source ?? 'document',
          ...(d.segment?.location ?? {}),
          ...(d.extra ?? {}),
        };
        // text extracted from a PDF or Word file is not the file: a text fix cannot be written back
        if (d.fix !== undefined && doc.text && !doc.data?.textExtracted && actual !== undefined && d.segment && d.segment.pieces.every((p) => p.len === p.fileLen)) {
          f.fix = { range: [offset, endOffset], text: d.fix };
        }
        messages.push(f);
      },
    };
    try {
      await rule.check(ctx);
    } catch (err) {
      messages.push({
        ruleId: id, severity: 2, fatal: false, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0,
        message: `Rule "${id}" failed on this file and was skipped: ${(err as Error).message}. Please report this bug.`,
        source: 'internal',
      });
    }
  }
  const fmError = doc.frontMatter.__error;
  if (typeof fmError === 'string') {
    messages.push({
      ruleId: null, severity: 1, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, source: 'front-matter',
      message: `The front matter (the YAML block at the top) could not be read, so its fields were not checked: ${fmError.replace(/[:.]\s*$/, '')}. Check the indentation and quotes.`,
    });
  }
  return finalize(doc, messages);
}

export function finalize(doc: CampaignDocument, raw: Finding[]): FileResult {
  const keep = directiveFilter(doc.directives);
  let messages = raw.filter(keep);
  // ownership: drop a finding overlapped by one of a rule that owns the span
  // (owners sorted by offset and searched by bisection: linear-ish, where comparing every pair was quadratic on long files)
  const owners = messages.filter((o) => o.ruleId && OWNS[o.ruleId]).sort((a, b) => a.offset - b.offset);
  if (owners.length) {
    const maxSpan = Math.max(...owners.map((o) => o.endOffset - o.offset));
    const ownedBy = (m: Finding): boolean => {
      // the first owner starting at or after m.endOffset; candidates lie before it
      let lo = 0, hi = owners.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (owners[mid]!.offset < m.endOffset) lo = mid + 1; else hi = mid; }
      for (let k = lo - 1; k >= 0; k--) {
        const o = owners[k]!;
        if (o.offset + maxSpan <= m.offset) break; // no earlier owner can reach m
        if (o !== m && (OWNS[o.ruleId!] ?? []).includes(m.ruleId ?? '') && o.source === m.source && o.offset < m.endOffset && m.offset < o.endOffset) return true;
      }
      return false;
    };
    messages = messages.filter((m) => !ownedBy(m));
  }
  // de-duplicate identical findings
  const seen = new Set<string>();
  messages = messages.filter((m) => { const k = `${m.ruleId}|${m.offset}|${m.endOffset}|${m.source}|${m.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
  messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
  return summarize(doc.filePath, messages, doc.text);
}

export function summarize(filePath: string, messages: Finding[], source?: string): FileResult {
  return {
    filePath,
    messages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    infoCount: messages.filter((m) => m.severity === 0).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    source,
  };
}

export function fatalResult(filePath: string, message: string): FileResult {
  return summarize(filePath, [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, source: 'file' }]);
}
