/** Shared types: the one document model every input format becomes, findings, and the rule API. */

export type SeverityName = 'off' | 'info' | 'warn' | 'error';
/** 2 error, 1 warning, 0 info (OUTPUT.md). */
export type Severity = 0 | 1 | 2;

/** A run of segment text that maps to a run of the file text. */
export interface Piece {
  /** start index in the segment text */
  seg: number;
  /** start index in the file text */
  file: number;
  /** length in the segment text */
  len: number;
  /** length in the file text (differs from len for entities and escapes) */
  fileLen: number;
}

export type SegmentKind =
  | 'paragraph' | 'heading' | 'list-item' | 'table-cell' | 'blockquote'
  | 'alt' | 'title' | 'caption' | 'meta' | 'front-matter' | 'filename' | 'metadata' | 'ocr' | 'text';

/** A stretch of prose: what the language rules read. */
export interface Segment {
  id: number;
  text: string;
  kind: SegmentKind;
  /** where the text came from (OUTPUT.md `source`): text, alt, title, caption, front-matter:title, exif:ImageDescription, ocr ... */
  source: string;
  pieces: Piece[];
  /** index into doc.images when the segment describes an image */
  image?: number;
  /** for a table cell, its column header (e.g. "Avoid", "Say instead"): context for the rules */
  label?: string;
  /** heading depth, for headings */
  depth?: number;
  /** links inside the segment (segment-relative ranges): citations for statistics */
  links?: { start: number; end: number; url: string }[];
  /** extra location hints (page, paragraph, bounding box) copied onto findings */
  location?: Record<string, unknown>;
}

export interface ImageRef {
  /** the src/path as written */
  src: string;
  /** resolved absolute path when the image is a local file */
  resolved?: string;
  /** alt text (undefined when missing, '' when empty) */
  alt?: string;
  decorative?: boolean;
  /** file offset range of the reference itself */
  start: number;
  end: number;
}

export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  rules: string[];
  offset: number;
  line: number;
}

export interface CampaignDocument {
  filePath: string;
  format: 'markdown' | 'html' | 'text' | 'image' | 'pdf' | 'docx' | string;
  /** the file's text exactly as read (after decoding); '' for binary formats */
  text: string;
  segments: Segment[];
  images: ImageRef[];
  frontMatter: Record<string, unknown>;
  directives: Directive[];
  /** binary-format documents: extra facts for rules (e.g. image metadata) */
  data?: Record<string, unknown>;
}

export interface Suggestion {
  desc: string;
  replacement?: string;
}

export interface Finding {
  ruleId: string | null;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
  actual?: string;
  suggestions?: Suggestion[];
  principle?: string;
  url?: string;
  source?: string;
  fatal?: boolean;
  /** fix: replace file range with text (only for safe, unambiguous substitutions) */
  fix?: { range: [number, number]; text: string };
  [extra: string]: unknown;
}

export interface FileResult {
  filePath: string;
  messages: Finding[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  fatalErrorCount: number;
  /** the text linted, for formatters that show context (not serialised in JSON) */
  source?: string;
}

export interface RuleMeta {
  id: string;
  description: string;
  /** the founding principle it serves, in plain words */
  principle: string;
  severity: SeverityName;
  /** 'segment' rules look at prose; 'document' rules at the whole piece */
  scope: 'segment' | 'document';
  recommended: boolean;
  /** on only in `strict` */
  strictOnly?: boolean;
  fixable?: boolean;
  docs?: string;
}

export interface ReportDescriptor {
  /** segment-relative range; omit both for a document-level finding */
  segment?: Segment;
  start?: number;
  end?: number;
  message: string;
  severity?: SeverityName;
  suggestions?: Suggestion[];
  /** text to put in place of the range when --fix runs (only when safe) */
  fix?: string;
  extra?: Record<string, unknown>;
}

export interface RuleContext {
  doc: CampaignDocument;
  options: Record<string, unknown>;
  settings: ProjectSettings;
  report(d: ReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void | Promise<void>;
}

/** Project-wide settings rules may read (from config). */
export interface ProjectSettings {
  allow: string[];
  localAction: { resources: string[]; minWords?: number };
  statistics: { sources: string[]; registry: unknown[] };
  languages: string[];
  consent: string[];
  [k: string]: unknown;
}
