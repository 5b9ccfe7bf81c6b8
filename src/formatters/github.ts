/**
 * --format github: GitHub Actions workflow commands, so findings appear as annotations on the
 * pull request's changed lines: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * Errors are `::error`, warnings `::warning`, info notes `::notice` (only with --info, as in the terminal).
 */
import path from 'node:path';
import type { FileResult, Finding } from '../types.js';
import { linesText, type ReportStream } from './stylish.js';

const COMMAND = ['notice', 'warning', 'error'] as const;

/** Escape a workflow command's message (the part after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow command property value (also `:` and `,`, which separate properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(m: Finding, file: string, hasText: boolean): string {
  const props: [string, string | number][] = [['file', file]];
  if (hasText && !m.fatal) {
    props.push(['line', m.line]);
    // GitHub uses columns only when the annotation starts and ends on the same line; a
    // document-level finding (empty range) marks the first line without columns
    const cols = m.endLine === m.line && m.endOffset > m.offset;
    if (cols) props.push(['col', m.column]);
    props.push(['endLine', m.endLine]);
    if (cols) props.push(['endColumn', m.endColumn]);
  }
  const label = m.ruleId ?? 'file could not be checked';
  props.push(['title', `campaign-lint: ${label}${m.source && !['text', 'document', 'file'].includes(m.source) ? ` (${m.source})` : ''}`]);
  const sug = m.suggestions?.[0];
  const lines = [m.message];
  if (sug) lines.push(`Suggestion: ${sug.desc}${sug.replacement ? `: “${sug.replacement}”` : ''}`);
  if (m.url) lines.push(`Why and how: ${m.url}`);
  const kind = COMMAND[m.fatal ? 2 : m.severity] ?? 'warning';
  return `::${kind} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(lines.join('\n'))}`;
}

export function githubStream(opts: { cwd?: string; showInfo?: boolean } = {}): ReportStream {
  const cwd = opts.cwd ?? process.cwd();
  let files = 0, errors = 0, warnings = 0, infos = 0;
  return {
    file(r) {
      files++;
      const out: string[] = [];
      const rel = path.relative(cwd, r.filePath);
      const file = (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : r.filePath).split(path.sep).join('/');
      const hasText = typeof r.source === 'string' ? r.source.length > 0 : true;
      for (const m of r.messages) {
        if (m.severity === 0 && !opts.showInfo && !m.fatal) { infos++; continue; }
        if (m.severity === 2 || m.fatal) errors++; else if (m.severity === 1) warnings++; else infos++;
        out.push(annotation(m, file, hasText));
      }
      return linesText(out);
    },
    end() {
      return `campaign-lint: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''} in ${files} file${files === 1 ? '' : 's'}.\n`;
    },
  };
}

export function formatGithub(results: FileResult[], opts: { cwd?: string; showInfo?: boolean } = {}): string {
  const s = githubStream(opts);
  return results.map((r) => s.file(r)).join('') + s.end();
}
