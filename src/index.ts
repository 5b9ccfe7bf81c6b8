/** The programmatic API: lint files or text, the rule types for plugin authors, and the formatters. */
export { lintFiles, lintText, type EngineOptions } from './engine.js';
export { lintDocument } from './linter.js';
export { parseInput } from './parse/index.js';
export { formatters, streamingFormatters, formatJson, formatStylish, formatSarif, toSarif, formatGithub, formatHtml, registerFormatter, type Formatter, type FormatContext, type ReportStream } from './formatters/index.js';
export { applyFixes, fixResults, unifiedDiff, type FileFixReport } from './fix.js';
export { registerFileFixer, type FileFixer } from './fixers.js';
export type { UserConfig } from './config.js';
export { termRule } from './term-rule.js';
export { mentionContext, analyze } from './context/index.js';
export { builtinRules } from '../rules/index.js';
export type * from './types.js';
