/**
 * Alembic's text forms of a revision (`Script._head_only`, `Script.log_entry`,
 * `Script.cmd_format`, `Script.__str__`), as pure functions over a Revision, so the CLI prints
 * what `alembic heads/history/branches/show` print and the editor can reuse the same lines.
 * Where Alembic joins a Python set (branch labels, branch point children) the order here is
 * own labels first / map order; Alembic's order is arbitrary.
 */
import type { Revision } from './revision';

export interface HeadOnlyOptions {
  includeBranches?: boolean;
  includeDoc?: boolean;
  includeParents?: boolean;
  treeIndicators?: boolean;
  headIndicators?: boolean;
  /** Marks revisions that are current in a database (`(current)`), when known. */
  current?: ReadonlySet<string>;
}

/** Alembic's `_format_down_revision`. */
export function formatDownRevision(revision: Revision): string {
  return revision.downRevisions.length === 0 ? '<base>' : revision.downRevisions.join(', ');
}

/** Alembic's `_head_only`: the one-line form used by heads, history and branches. */
export function headOnly(revision: Revision, options: HeadOnlyOptions = {}): string {
  const treeIndicators = options.treeIndicators ?? true;
  const headIndicators = options.headIndicators ?? true;
  let text = revision.id;
  if (options.includeParents) {
    text =
      revision.dependsOnAsWritten.length > 0
        ? `${formatDownRevision(revision)} (${revision.dependsOnAsWritten.join(', ')}) -> ${text}`
        : `${formatDownRevision(revision)} -> ${text}`;
  }
  if (options.includeBranches && revision.inheritedLabelCount > 0) text += ` (${revision.allBranchLabels.join(', ')})`;
  if (headIndicators || treeIndicators) {
    if (revision.isRealHead) text += ' (head)';
    if (revision.isEffectiveHead) text += ' (effective head)';
    if (options.current?.has(revision.id)) text += ' (current)';
  }
  if (treeIndicators) {
    if (revision.isBranchPoint) text += ' (branchpoint)';
    if (revision.isMergePoint) text += ' (mergepoint)';
  }
  if (options.includeDoc) text += `, ${revision.doc}`;
  return text;
}

/** Python's str.splitlines() line boundaries. */
const PYTHON_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

function pythonSplitLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split(PYTHON_LINE_BREAK);
  // splitlines() drops the empty string after a trailing line break.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Alembic's `log_entry`: the verbose block (ends with a line break, as Alembic's does). */
export function logEntry(revision: Revision, current?: ReadonlySet<string>): string {
  let entry = `Rev: ${revision.id}`;
  if (revision.isHead) entry += ' (head)';
  if (revision.isBranchPoint) entry += ' (branchpoint)';
  if (revision.isMergePoint) entry += ' (mergepoint)';
  if (current?.has(revision.id)) entry += ' (current)';
  entry += '\n';
  entry += `${revision.isMergePoint ? 'Merges' : 'Parent'}: ${formatDownRevision(revision)}\n`;
  if (revision.dependsOnAsWritten.length > 0) entry += `Also depends on: ${revision.dependsOnAsWritten.join(', ')}\n`;
  if (revision.isBranchPoint) entry += `Branches into: ${revision.children.join(', ')}\n`;
  if (revision.inheritedLabelCount > 0) entry += `Branch names: ${revision.allBranchLabels.join(', ')}\n`;
  entry += `Path: ${revision.path ?? revision.key}\n`;
  entry += `\n${pythonSplitLines(revision.longDoc)
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
  return entry;
}

/** Alembic's `cmd_format`. */
export function cmdFormat(revision: Revision, verbose: boolean, options: HeadOnlyOptions = {}): string {
  return verbose ? logEntry(revision, options.current) : headOnly(revision, options);
}

/** Alembic's `Script.__str__` (`down -> id (head), doc`), used in some Alembic messages. */
export function describe(revision: Revision): string {
  let text = `${formatDownRevision(revision)} -> ${revision.id}`;
  if (revision.isHead) text += ' (head)';
  if (revision.isBranchPoint) text += ' (branchpoint)';
  if (revision.isMergePoint) text += ' (mergepoint)';
  return `${text}, ${revision.doc}`;
}
