/**
 * Checks only the index can make, because they need file names and docstrings, which the graph
 * never sees: a `down_revision` that names a migration *file* instead of its revision id, and a
 * docstring header (`Revision ID:` / `Revises:`) out of step with the variables.
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { HeaderVariable, MigrationHeader } from '../python/headerTypes';
import type { FileRevision } from './revisionInputs';
import { idsWritten, unquote } from './docstringIds';

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
 * The listed files by file name and by stem, in listing order. It depends on the file list
 * alone, so the environment keeps one until the listing changes instead of walking every file
 * on each rebuild.
 */
export class FileNames {
  /** Name -> its path, or its paths in listing order when several files share it (rare). */
  private readonly byName = new Map<string, string | string[]>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      const base = fileNameOf(path);
      this.add(base, path);
      this.add(base.slice(0, -'.py'.length), path);
    }
  }

  /** The last listed file whose name or stem is `name` and that `accept` takes. */
  lastNamed(name: string, accept: (path: string) => boolean): string | undefined {
    const found = this.byName.get(name);
    if (found === undefined) return undefined;
    if (typeof found === 'string') return accept(found) ? found : undefined;
    for (let index = found.length - 1; index >= 0; index--) if (accept(found[index])) return found[index];
    return undefined;
  }

  private add(name: string, path: string): void {
    const found = this.byName.get(name);
    if (found === undefined) this.byName.set(name, path);
    else if (typeof found === 'string') this.byName.set(name, [found, path]);
    else found.push(path);
  }
}

/**
 * `nodePath.basename` for a listed file's path. basename scans the path one character at a time
 * in JavaScript, which is slow the first time thousands of paths go through it (an editor's first
 * edit); `lastIndexOf` gives the same answer for a path that ends in a name after a separator.
 */
function fileNameOf(path: string): string {
  const cut = nodePath.sep === '\\' ? Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) : path.lastIndexOf('/');
  if (cut < 0 || cut === path.length - 1) return nodePath.basename(path);
  return path.slice(cut + 1);
}

/** The missing values reported as file names, so the graph's own reports of them are dropped. */
export class HandledValues {
  private readonly byFile = new Map<string, Map<string, Set<string>>>();

  add(file: string, field: string, value: string): void {
    let byField = this.byFile.get(file);
    if (!byField) this.byFile.set(file, (byField = new Map()));
    let values = byField.get(field);
    if (!values) byField.set(field, (values = new Set()));
    values.add(value);
  }

  has(file: string, field: string, value: string | undefined): boolean {
    return value !== undefined && this.byFile.get(file)?.get(field)?.has(value) === true;
  }

  /** Files with at least one handled value. */
  files(): ReadonlySet<string> {
    return new Set(this.byFile.keys());
  }
}

/**
 * `down_revision = "0003_add_users.py"`: a missing value that is the file name (or stem) of a
 * migration of this environment that yields a revision. Only the graph's missing values are
 * checked, so a history without missing parents costs nothing here. `fileAt` gives the indexed
 * file of a listed path (undefined while it has no header or revision).
 */
export function filenameReferenceProblems(
  missing: readonly MissingValue[],
  names: () => FileNames,
  fileAt: (path: string) => IndexedFile | undefined,
): { problems: Problem[]; handled: HandledValues } {
  const problems: Problem[] = [];
  const handled = new HandledValues();
  if (missing.length === 0) return { problems, handled };
  const files = names();
  const hasRevision = (path: string): boolean => fileAt(path)?.revision.input !== undefined;
  for (const { file: path, field, value } of missing) {
    const targetPath = files.lastNamed(value, hasRevision);
    const target = targetPath === undefined ? undefined : fileAt(targetPath);
    const targetId = target?.revision.input?.id;
    const source = fileAt(path);
    const item = source?.revision.located[field].find((entry) => entry.value === value);
    if (!target || targetId === undefined || !item) continue;
    handled.add(path, field, value);
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
  if (revisionLine && unquote(revisionLine.value) !== input.id) {
    problems.push(mismatch(file.path, revisionLine.valueRange, `Docstring says 'Revision ID: ${revisionLine.value}' but revision is '${input.id}'.`, input.id, 'Revision ID'));
  }
  const revises = docstring.revises;
  // Only compare when down_revision was fully read (no unresolved or non-literal items).
  if (revises && isComplete(file.header.downRevision)) {
    const spelled: string[] = [];
    for (const item of revises.items ?? []) spelled.push(item.value);
    // Ids, not spelling: `None`, `('a', 'b')` and `a, b` agree with the same variables.
    const written = idsWritten(spelled);
    const actual = input.downRevisions;
    if (!sameSet(written, actual)) {
      const expected = actual.join(', ');
      // A value continued on the lines below (one parent per line) is shown on one line.
      const shown = revises.value.includes('\n') ? written.join(', ') : revises.value;
      problems.push(mismatch(file.path, revises.valueRange, `Docstring says 'Revises: ${shown}' but down_revision is ${actual.length ? `'${expected}'` : 'None'}.`, expected, 'Revises'));
    }
  }
  return problems;
}

/** Every item of the value is a string literal (no unresolved or non-literal items). */
function isComplete(variable: HeaderVariable | undefined): boolean {
  if (!variable) return false;
  const items = variable.value.items;
  for (let index = 0; index < items.length; index++) if (items[index].kind !== 'string') return false;
  return true;
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
  // The same order (nearly always): no set needed. This runs for every file of a cold index.
  let index = 0;
  while (index < a.length && a[index] === b[index]) index++;
  if (index === a.length) return true;
  const set = new Set(a);
  return b.every((value) => set.has(value));
}
