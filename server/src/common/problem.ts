import type { SourceLocation, SourceRange } from './range';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text replacement that fixes (part of) a problem; applied by the editor's quick fix. */
export interface TextEdit {
  file: string;
  range: SourceRange;
  newText: string;
}

export interface SuggestedFix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation extends SourceLocation {
  message: string;
}

/**
 * Every problem any layer reports. Reading never throws: config, parsing, extraction and graph
 * building return values plus a list of these. `code` is a stable kebab-case id with a docs
 * page at docs/rules/<code>.md (see diagnostics/codes.ts for the registry).
 */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: SourceRange;
  related: RelatedLocation[];
  fixes?: SuggestedFix[];
  /** Machine-readable facts (the heads of a multiple-heads problem, the members of a cycle, ...). */
  data?: Record<string, unknown>;
}
