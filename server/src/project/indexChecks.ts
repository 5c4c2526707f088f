/**
 * Checks only the index can make, because they need file names and docstrings, which the graph
 * never sees: a `down_revision` that names a migration *file* instead of its revision id, and a
 * docstring header (`Revision ID:` / `Revises:`) out of step with the variables.
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { MigrationHeader } from '../python/headerTypes';
import type { FileRevision } from './revisionInputs';

export interface IndexedFile {
  path: string;
  header: MigrationHeader;
  revision: FileRevision;
}

/** A value the graph reported as missing (Alembic's "Revision X referenced from Y is not present"). */
export interface MissingValue {
  file: string;
  field: 'down_revision' | 'depends_on';
  value: string;
}

/**
 * `down_revision = "0003_add_users.py"`: a missing value that is the file name (or stem) of a
 * migration of this environment. Only the graph's missing values are checked, so a history
 * without missing parents costs nothing here.
 */
export function filenameReferenceProblems(missing: readonly MissingValue[], files: () => Iterable<IndexedFile>): { problems: Problem[]; handled: Set<string> } {
  const problems: Problem[] = [];
  /** `<file>\0<field>\0<value>` of every value reported here, so the plain missing-parent issue is dropped. */
  const handled = new Set<string>();
  if (missing.length === 0) return { problems, handled };
  const byName = new Map<string, IndexedFile>();
  const byPath = new Map<string, IndexedFile>();
  for (const file of files()) {
    byPath.set(file.path, file);
    if (!file.revision.input) continue;
    const base = nodePath.basename(file.path);
    byName.set(base, file);
    byName.set(base.slice(0, -'.py'.length), file);
  }
  for (const { file: path, field, value } of missing) {
    const target = byName.get(value);
    const targetId = target?.revision.input?.id;
    const source = byPath.get(path);
    const item = source?.revision.located[field].find((entry) => entry.value === value);
    if (!target || targetId === undefined || !item) continue;
    handled.add(`${path}\0${field}\0${value}`);
    problems.push({
      code: 'down-revision-is-filename',
      severity: 'error',
      message: `'${value}' in ${field} is a file name, not a revision id; the revision in ${nodePath.basename(target.path)} is '${targetId}'. Alembic reports it as missing.`,
      file: path,
      range: item.range,
      related: target.header.revision ? [{ file: target.path, range: target.header.revision.value.range, message: `revision '${targetId}' is defined here` }] : [],
      fixes: [{ title: `Replace with revision id '${targetId}'`, edits: [{ file: path, range: item.range, newText: `"${targetId}"` }] }],
      data: { value, revision: targetId, field },
    });
  }
  return { problems, handled };
}

/** `Revision ID:` or `Revises:` disagreeing with `revision` / `down_revision` (a missing Revises: line is fine). */
export function docstringProblems(file: IndexedFile): Problem[] {
  const docstring = file.header.docstring;
  const input = file.revision.input;
  if (!docstring || !input) return [];
  const problems: Problem[] = [];
  const revisionLine = docstring.revisionId;
  if (revisionLine && revisionLine.value !== input.id) {
    problems.push(mismatch(file.path, revisionLine.valueRange, `Docstring says 'Revision ID: ${revisionLine.value}' but revision is '${input.id}'.`, input.id, 'Revision ID'));
  }
  const revises = docstring.revises;
  // Only compare when down_revision was fully read (no unresolved or non-literal items).
  const downComplete = file.header.downRevision?.value.items.every((item) => item.kind === 'string') ?? false;
  if (revises && downComplete) {
    const written = (revises.items ?? []).map((item) => item.value);
    const actual = input.downRevisions;
    if (!sameSet(written, actual)) {
      const expected = actual.join(', ');
      problems.push(mismatch(file.path, revises.valueRange, `Docstring says 'Revises: ${revises.value}' but down_revision is ${actual.length ? `'${expected}'` : 'None'}.`, expected, 'Revises'));
    }
  }
  return problems;
}

function mismatch(file: string, range: Problem['range'], message: string, newText: string, line: string): Problem {
  return {
    code: 'docstring-mismatch',
    severity: 'information',
    message,
    file,
    range,
    related: [],
    fixes: [{ title: `Update the '${line}:' line`, edits: [{ file, range, newText }] }],
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((value) => set.has(value));
}
