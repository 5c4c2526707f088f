/**
 * Every place a migration file names a revision id: its own `revision`, the `down_revision` and
 * `depends_on` items, and the ids of the docstring header. Hover, definition, references and
 * rename-free navigation all start from "which id is under the cursor".
 */
import { rangeContains, type Position, type SourceRange } from '../common/range';
import type { HeaderVariable, MigrationHeader } from '../python/headerTypes';

export type RevisionRefRole = 'revision' | 'down_revision' | 'depends_on' | 'docstring-revision' | 'docstring-revises';

export interface RevisionRef {
  id: string;
  range: SourceRange;
  role: RevisionRefRole;
}

function variableRefs(variable: HeaderVariable | undefined, role: RevisionRefRole): RevisionRef[] {
  if (!variable) return [];
  const refs: RevisionRef[] = [];
  for (const item of variable.value.items) if (item.kind === 'string') refs.push({ id: item.value, range: item.range, role });
  return refs;
}

export function revisionRefs(header: MigrationHeader): RevisionRef[] {
  const refs = [
    ...variableRefs(header.revision, 'revision'),
    ...variableRefs(header.downRevision, 'down_revision'),
    ...variableRefs(header.dependsOn, 'depends_on'),
  ];
  const docstring = header.docstring;
  if (docstring?.revisionId?.value) refs.push({ id: docstring.revisionId.value, range: docstring.revisionId.valueRange, role: 'docstring-revision' });
  for (const item of docstring?.revises?.items ?? []) {
    if (item.value && item.value !== '<base>') refs.push({ id: item.value, range: item.range, role: 'docstring-revises' });
  }
  return refs;
}

export function revisionRefAt(header: MigrationHeader, position: Position): RevisionRef | undefined {
  return revisionRefs(header).find((ref) => rangeContains(ref.range, position));
}

/** True for roles that point at another revision (definition jumps there). */
export function pointsElsewhere(role: RevisionRefRole): boolean {
  return role === 'down_revision' || role === 'depends_on' || role === 'docstring-revises';
}
