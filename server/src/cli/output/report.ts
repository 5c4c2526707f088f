/**
 * What the `check` command hands to its output formats: every problem found, the environments
 * they came from, and the folder that relative paths in the output are based on. Formatters are
 * pure functions of this value (one file per format), so tests call them directly.
 */
import path from 'node:path';
import type { Problem, Severity } from '../../common/problem';
import type { SourceRange } from '../../common/range';

export interface EnvironmentSummary {
  id: string;
  name: string;
  configFile: string;
  revisions: number;
  heads: string[];
}

export interface CheckReport {
  /** Absolute folder that was checked. */
  root: string;
  /** Absolute folder output paths are relative to (the current directory). */
  baseDir: string;
  environments: EnvironmentSummary[];
  problems: Problem[];
  toolVersion: string;
  /** Base URL of the rule docs pages (`<base>/<code>.md`); absolute. */
  docsBaseUrl: string;
  /** False with `--headers-only`: the migrations' bodies were not read, so "no problems" covers headers only. */
  bodiesRead?: boolean;
}

/** The output, whole or as parts written one after the other, each as it is made (a large report: json.ts). */
export type ProblemFormatter = (report: CheckReport) => string | Iterable<string>;

/** One-based line/column span, as editors, CI annotations and SARIF count. */
export interface OneBasedSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(range: SourceRange): OneBasedSpan {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Path relative to `baseDir` with forward slashes; absolute (still with `/`) when outside it. */
/**
 * The last base folder's answers by file: a report names each file once per problem (24,000
 * problems in 5,000 files for a large history), and `path.relative` normalises both paths on
 * every call.
 */
let displayBase: string | undefined;
const displayed = new Map<string, string>();

export function displayPath(file: string, baseDir: string): string {
  if (baseDir !== displayBase) {
    displayed.clear();
    displayBase = baseDir;
  }
  let shown = displayed.get(file);
  if (shown === undefined) {
    shown = displayPathOf(file, baseDir);
    displayed.set(file, shown);
  }
  return shown;
}

function displayPathOf(file: string, baseDir: string): string {
  const relative = path.relative(baseDir, file);
  if (relative === '') return path.basename(file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Stable order: file, position, severity, code, message (so output diffs cleanly between runs). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  information: number;
  hints: number;
}

export function countSeverities(problems: readonly Problem[]): SeverityCounts {
  const counts: SeverityCounts = { errors: 0, warnings: 0, information: 0, hints: 0 };
  for (const problem of problems) {
    if (problem.severity === 'error') counts.errors++;
    else if (problem.severity === 'warning') counts.warnings++;
    else if (problem.severity === 'information') counts.information++;
    else counts.hints++;
  }
  return counts;
}

export function docsUrl(baseUrl: string, code: string): string {
  if (/[#=]$/.test(baseUrl)) return `${baseUrl}${code}`;
  return `${baseUrl.replace(/\/+$/, '')}/${code}.md`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
