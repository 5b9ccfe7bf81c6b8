/** The command line: arguments, console, exit codes. Everything else is in the engine. */
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option, CommanderError } from 'commander';
import { builtinRules } from '../rules/index.js';
import { ConfigError } from './config.js';
import { summarize } from './linter.js';
import { engineVersion, lintFiles, lintText, parseShard, ProjectResolver, type EngineOptions } from './engine.js';
import { formatters, streamingFormatters } from './formatters/index.js';
import { colorLevel } from './formatters/stylish.js';
import type { FileResult, SeverityName } from './types.js';
import { explainRule, listRules } from './explain.js';
import { describeFixes, fixResults, unifiedDiff } from './fix.js';
import { askInitQuestions, DEFAULT_ANSWERS, runInit } from './init.js';
import { createProgress } from './progress.js';

/** from the package.json above this module, so the CLI also runs from source (tests) */
export const VERSION = engineVersion();

function parseRuleFlag(v: string, prev: Record<string, SeverityName> = {}): Record<string, SeverityName> {
  const m = /^([a-z0-9/-]+):(off|info|warn|warning|error|0|1|2)$/.exec(v.trim());
  if (!m) throw new ConfigError(`--rule "${v}": write it as rule-id:severity, e.g. --rule rescue-framing:error (severity is off, info, warn or error).`);
  const sev = ({ warning: 'warn', '0': 'off', '1': 'warn', '2': 'error' } as Record<string, SeverityName>)[m[2]!] ?? (m[2] as SeverityName);
  return { ...prev, [m[1]!]: sev };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  // a reader that stops early (`campaign-lint . | head`) closes the pipe: stop quietly, no stack trace
  if (!process.stdout.listenerCount('error')) process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
  const program = new Command();
  program
    .name('campaign-lint')
    .description('Checks anti-trafficking awareness materials for sensationalism, restraint imagery, victim-blaming, unsound statistics and more.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files, folders or globs to check (default: the current folder)')
    .addOption(new Option('-f, --format <name>', 'output format').default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of the terminal')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--rule <id:severity>', 'set a rule\'s severity, e.g. --rule rescue-framing:off (repeatable)', (v, p) => parseRuleFlag(v, p), {} as Record<string, SeverityName>)
    .option('-q, --quiet', 'report errors only')
    .option('--info', 'also show info-level notes in the terminal')
    .option('--max-warnings <n>', 'exit with 1 when there are more warnings than this', (v) => { const n = Number(v); if (!Number.isInteger(n) || n < 0) throw new ConfigError('--max-warnings needs a whole number, e.g. --max-warnings 0'); return n; })
    .option('--stdin', 'read the text to check from standard input')
    .option('--stdin-filename <name>', 'the file name to use for standard input (its extension picks the format)')
    .option('--ocr', 'read the text printed on raster images (slower)')
    .option('--no-ocr', 'never run OCR')
    .option('--max-file-size <mb>', 'skip files larger than this many megabytes', (v) => Number(v))
    .option('--cache', 'only check files that changed since the last run (results are kept in node_modules/.cache/campaign-lint)')
    .option('--cache-location <path>', 'where to keep the --cache file (a file, or a folder ending in /)')
    .option('--shard <i/n>', 'check only part i of n of the files (for CI matrices; each file falls in exactly one part)', (v) => parseShard(v))
    .option('--concurrency <n>', 'worker threads: auto (default), off, or a number', (v) => { if (v === 'auto' || v === 'off') return v; const n = Number(v); if (!Number.isInteger(n) || n < 0) throw new ConfigError('--concurrency needs auto, off or a whole number, e.g. --concurrency 4'); return n; })
    .option('--list-rules', 'list the rules with their default severity and principle')
    .option('--explain <rule>', 'show a rule\'s documentation')
    .option('--fix', 'make the safe automatic replacements in the files, then report what is left')
    .option('--fix-dry-run', 'show the automatic replacements as a diff, without changing any file')
    .option('--init', 'write a starter config file (campaign-lint.config.mjs) in this folder')
    .option('-y, --yes', 'with --init: use the default answers instead of asking')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  try {
    program.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ConfigError) { process.stderr.write(`campaign-lint: ${e.message}\n`); return 2; }
    throw e;
  }
  const opts = program.opts<{
    format: string; output?: string; config?: string; rule: Record<string, SeverityName>; quiet?: boolean; info?: boolean;
    maxWarnings?: number; stdin?: boolean; stdinFilename?: string; ocr?: boolean; maxFileSize?: number; listRules?: boolean; explain?: string;
    fix?: boolean; fixDryRun?: boolean; init?: boolean; yes?: boolean;
    cache?: boolean; cacheLocation?: string; shard?: { index: number; count: number }; concurrency?: number | 'auto' | 'off';
  }>();
  const cwd = process.cwd();
  if (opts.init) {
    const ask = !opts.yes && !!process.stdin.isTTY && !!process.stdout.isTTY;
    return runInit({ cwd, answers: ask ? undefined : DEFAULT_ANSWERS, ask: () => askInitQuestions(process.stdin, process.stdout), out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
  }
  if ((opts.fix || opts.fixDryRun) && opts.stdin) { process.stderr.write('campaign-lint: --fix and --fix-dry-run change or diff files, so they cannot be used with --stdin.\n'); return 2; }
  if (opts.fix && opts.fixDryRun) { process.stderr.write('campaign-lint: use either --fix (change the files) or --fix-dry-run (only show the changes), not both.\n'); return 2; }
  const engineOpts: EngineOptions = {
    cwd, configFile: opts.config, cliRules: opts.rule, ocr: opts.ocr,
    maxFileSize: opts.maxFileSize ? opts.maxFileSize * 1048576 : undefined,
    cache: opts.cache || opts.cacheLocation !== undefined ? true : undefined, cacheLocation: opts.cacheLocation, shard: opts.shard, concurrency: opts.concurrency,
  };
  try {
    const project = await new ProjectResolver(engineOpts).forDir(cwd);
    if (opts.listRules) { process.stdout.write(listRules([...project.rules.values()], project.config.ruleSettings)); return 0; }
    if (opts.explain) {
      const r = project.rules.get(opts.explain);
      if (!r) { process.stderr.write(`campaign-lint: no rule "${opts.explain}". Run campaign-lint --list-rules to see them.\n`); return 2; }
      process.stdout.write(explainRule(r, colorLevel(process.stdout) > 0));
      return 0;
    }
    const formatter = formatters[opts.format];
    if (!formatter) { process.stderr.write(`campaign-lint: unknown format "${opts.format}". Use one of: ${Object.keys(formatters).join(', ')}.\n`); return 2; }

    const fctx = { color: opts.output ? 0 : colorLevel(process.stdout), cwd, showInfo: !!opts.info, rules: project.rules };
    const paths = program.args.length ? program.args : ['.'];
    // stream the report file by file when the format allows it: memory then does not grow with the
    // number of files. Not for --fix (it needs every result), nor on a terminal, where the progress line is
    const stream = streamingFormatters[opts.format];
    if (stream && !opts.stdin && !opts.fix && !opts.fixDryRun && (opts.output || !process.stdout.isTTY)) {
      const report = stream(fctx);
      let fd: number | undefined;
      if (opts.output) { fs.mkdirSync(path.dirname(path.resolve(opts.output)), { recursive: true }); fd = fs.openSync(opts.output, 'w'); }
      const write = (t: string) => { if (!t) return; if (fd !== undefined) fs.writeSync(fd, t); else process.stdout.write(t); };
      let errors = 0, warnings = 0;
      try {
        await lintFiles(paths, {
          ...engineOpts, retain: false,
          onResult: (r) => {
            errors += r.errorCount; warnings += r.warningCount;
            write(report.file(opts.quiet ? errorsOnly(r) : r));
          },
        });
        write(report.end());
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
      return exitCode(errors, warnings, opts.maxWarnings);
    }

    let results: FileResult[];
    if (opts.stdin) {
      results = [await lintText(await readStdin(), { ...engineOpts, filePath: opts.stdinFilename ?? 'stdin.md' })];
    } else {
      // a progress line on stderr, only on a terminal outside CI (never in logs or pipes)
      const progress = createProgress(process.stderr, { cwd });
      try {
        results = await lintFiles(paths, { ...engineOpts, onProgress: (done, total, file) => progress.update(done, total, file) });
      } finally {
        progress.done();
      }
    }
    if (opts.fix || opts.fixDryRun) {
      const reports = await fixResults(results, { dryRun: !!opts.fixDryRun });
      if (opts.fixDryRun) {
        // the diff only; binary fixes (which have no text diff) are listed on stderr
        process.stdout.write(reports.filter((r) => r.before !== undefined && r.after !== undefined).map((r) => unifiedDiff(r.before!, r.after!, path.relative(cwd, r.filePath).split(path.sep).join('/'))).join(''));
        for (const r of reports) for (const b of r.binary) process.stderr.write(`${path.relative(cwd, r.filePath)}: ${b.description}\n`);
      } else {
        const summary = describeFixes(reports, cwd);
        if (opts.output || opts.format !== 'stylish') process.stderr.write(summary); else process.stdout.write(summary);
        // check the changed files again, so the report and exit code describe what is left
        const changed = new Set(reports.filter((r) => r.changed).map((r) => r.filePath));
        if (changed.size) {
          const again = await lintFiles([...changed], engineOpts);
          const byPath = new Map(again.map((r) => [r.filePath, r]));
          results = results.map((r) => byPath.get(r.filePath) ?? r);
        }
      }
    }
    if (opts.fixDryRun) {
      const errs = results.reduce((a, r) => a + r.errorCount, 0), warns = results.reduce((a, r) => a + r.warningCount, 0);
      return errs > 0 || (opts.maxWarnings !== undefined && warns > opts.maxWarnings) ? 1 : 0;
    }
    if (opts.quiet) results = results.map(errorsOnly);
    const text = await formatter(results, fctx);
    if (opts.output) {
      fs.mkdirSync(path.dirname(path.resolve(opts.output)), { recursive: true });
      fs.writeFileSync(opts.output, text);
    } else process.stdout.write(text);

    return exitCode(results.reduce((a, r) => a + r.errorCount, 0), results.reduce((a, r) => a + r.warningCount, 0), opts.maxWarnings);
  } catch (e) {
    if (e instanceof ConfigError) { process.stderr.write(`campaign-lint: ${e.message}\n`); return 2; }
    process.stderr.write(`campaign-lint: internal error: ${(e as Error).message}\nPlease report this with the command you ran.\n`);
    if (process.env.CAMPAIGN_LINT_DEBUG) process.stderr.write(String((e as Error).stack) + '\n');
    return 2;
  }
}

/** 1 when there are errors or more warnings than --max-warnings allows (said on stderr), else 0. */
function exitCode(errors: number, warnings: number, maxWarnings: number | undefined): number {
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`campaign-lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  return 0;
}

/** --quiet: a result with its errors only (counts recomputed). */
function errorsOnly(r: FileResult): FileResult {
  return summarize(r.filePath, r.messages.filter((m) => m.severity === 2), r.source);
}
