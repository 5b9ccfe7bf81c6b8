/**
 * File fixers for binary inputs (images, PDFs): a finding names one in `binaryFix`, and `--fix`
 * calls it with the file path. Each fixer must write atomically (temp file + rename) and be idempotent.
 * Text fixes do not come here: they are `fix: { range, text }` on the finding.
 */
export type FileFixer = (filePath: string) => Promise<{ changed: boolean; description: string }>;
export const fileFixers: Record<string, FileFixer> = {};
export function registerFileFixer(name: string, fixer: FileFixer): void { fileFixers[name] = fixer; }
