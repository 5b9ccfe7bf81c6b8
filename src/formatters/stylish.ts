/** --format stylish (default): grouped by file, line:col, severity, message, rule id, then the suggestion; a summary. */
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { FileResult } from '../types.js';

const LABEL = ['info', 'warning', 'error'] as const;

export function colorLevel(stream: NodeJS.WriteStream | undefined): 0 | 1 | 2 | 3 {
  const env = process.env;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : (Math.min(3, Number(env.FORCE_COLOR) || 1) as 1 | 2 | 3);
  return stream?.isTTY ? 1 : 0;
}

/** A report written file by file (src/cli.ts streams it, so a run never holds every result). */
export interface ReportStream {
  /** the text for one file's result */
  file(r: FileResult): string;
  /** the closing text (summary) */
  end(): string;
}

/** Lines as report text: every line ends in a newline (the same text as joining a whole report's lines). */
export const linesText = (lines: string[]): string => lines.map((l) => l + '\n').join('');

export function stylishStream(opts: { color?: number; cwd?: string; showInfo?: boolean } = {}): ReportStream {
  const c: ChalkInstance = new Chalk({ level: (opts.color ?? 0) as 0 | 1 | 2 | 3 });
  const cwd = opts.cwd ?? process.cwd();
  let files = 0, errors = 0, warnings = 0, infos = 0, fatals = 0, fixable = 0;
  return {
    file(r) {
      files++;
      const out: string[] = [];
      const msgs = r.messages.filter((m) => opts.showInfo || m.severity > 0 || m.fatal);
      errors += r.errorCount; warnings += r.warningCount; infos += r.infoCount; fatals += r.fatalErrorCount;
      if (msgs.length === 0) return '';
      out.push('', c.underline(path.relative(cwd, r.filePath) || r.filePath));
      for (const m of msgs) {
        if (m.fix && m.severity > 0) fixable++;
        // pad before colouring, so escape codes do not upset the columns
        const sev = m.severity === 2 ? c.red(LABEL[2].padEnd(7)) : m.severity === 1 ? c.yellow(LABEL[1]) : c.blue(LABEL[0].padEnd(7));
        const where = m.page !== undefined ? `p.${m.page} ` : '';
        const src = m.source && !['text', 'document', 'file'].includes(m.source) ? c.dim(` [${m.source}]`) : '';
        out.push(`  ${c.dim(`${where}${m.line}:${m.column}`.padEnd(8))} ${sev}  ${m.message}  ${c.dim(m.ruleId ?? (m.fatal ? 'fatal' : (m.source ?? '')))}${src}`);
        const sug = (m.suggestions ?? [])[0];
        if (sug) out.push(`  ${''.padEnd(8)} ${c.green('→')} ${sug.desc}${sug.replacement ? `: “${sug.replacement}”` : ''}${(m.suggestions ?? []).length > 1 ? c.dim(` (+${(m.suggestions ?? []).length - 1} more)`) : ''}`);
      }
      return linesText(out);
    },
    end() {
      const out: string[] = [];
      const total = errors + warnings + (opts.showInfo ? infos : 0);
      if (total === 0 && fatals === 0) {
        out.push(c.green(`✓ ${files} file${files === 1 ? '' : 's'} checked, no problems found.${infos && !opts.showInfo ? ` (${infos} info note${infos === 1 ? '' : 's'} hidden; use --info to see them.)` : ''}`));
        return linesText(out);
      }
      out.push('');
      const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
      if (infos) parts.push(`${infos} info${opts.showInfo ? '' : ' (hidden; --info shows them)'}`);
      const line = `✖ ${errors + warnings + infos} problem${errors + warnings + infos === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`;
      out.push(errors ? c.red.bold(line) : c.yellow.bold(line));
      if (fixable) out.push(c.dim(`  ${fixable} of them can be fixed with --fix.`));
      return linesText(out);
    },
  };
}

export function formatStylish(results: FileResult[], opts: { color?: number; cwd?: string; showInfo?: boolean } = {}): string {
  const s = stylishStream(opts);
  return results.map((r) => s.file(r)).join('') + s.end();
}
