/**
 * Version-table bookkeeping, following Alembic's HeadMaintainer and the `should_*` predicates of
 * RevisionStep and StampStep (alembic/runtime/migration.py). Given the rows present before a step,
 * it decides between INSERT (new branch), DELETE (branch removed), merge (DELETE all but one parent
 * row, UPDATE the last), unmerge (INSERT all but one parent, UPDATE the merge row) and a plain
 * UPDATE, and returns the row changes in Alembic's order.
 *
 * Where Alembic picks rows out of a Python `set` (merges with other heads present, unmerges), its
 * choice depends on the interpreter's hash seed, so no single output is "the" Alembic output. We
 * keep the order of `down_revision` instead, which is stable and yields the same final rows.
 */
import type { PlanGraph } from './graphView';
import { PlanError, type VersionChange } from './types';

export class VersionHeads {
  private readonly rows: Set<string>;

  constructor(initial: Iterable<string>) {
    this.rows = new Set(initial);
  }

  get current(): string[] {
    return [...this.rows];
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get size(): number {
    return this.rows.size;
  }

  apply(change: VersionChange): void {
    if (change.kind === 'insert') {
      if (this.rows.has(change.version)) throw new PlanError(`Version ${change.version} is already in the version table`);
      this.rows.add(change.version);
    } else if (change.kind === 'delete') {
      this.rows.delete(change.version);
    } else {
      if (this.rows.has(change.to)) throw new PlanError(`Version ${change.to} is already in the version table`);
      this.rows.delete(change.from);
      this.rows.add(change.to);
    }
  }
}

function intersect(rows: VersionHeads, ids: readonly string[]): string[] {
  return ids.filter((id) => rows.has(id));
}

/** Row changes for running one revision's upgrade or downgrade. */
export function revisionStepChanges(graph: PlanGraph, revisionId: string, isUpgrade: boolean, heads: VersionHeads): VersionChange[] {
  const revision = graph.get(revisionId);
  if (!revision) throw new PlanError(`No such revision or branch '${revisionId}'`);
  const downs = revision.normalizedDownRevisions;
  const fromRevisions = isUpgrade ? downs : [revisionId];
  const toRevisions = isUpgrade ? [revisionId] : downs;

  if (!isUpgrade && heads.has(revisionId)) {
    // should_delete_branch: a base, or an unmerge with nothing left to point at.
    if (downs.length === 0 || unmergeTargets(graph, revisionId, toRevisions, heads).length === 0) {
      return [{ kind: 'delete', version: revisionId }];
    }
  }
  if (isUpgrade && (downs.length === 0 || intersect(heads, downs).length === 0)) {
    return [{ kind: 'insert', version: revisionId }];
  }
  if (isUpgrade && downs.length > 1 && intersect(heads, downs).length > 1) {
    const others = heads.current.filter((id) => !fromRevisions.includes(id));
    let merged = [...fromRevisions];
    if (others.length > 0) {
      const below = graph.ancestors(others, true);
      merged = merged.filter((id) => !below.has(id));
    }
    const changes: VersionChange[] = merged.slice(0, -1).map((version) => ({ kind: 'delete', version }));
    changes.push({ kind: 'update', from: merged[merged.length - 1], to: toRevisions[0] });
    return changes;
  }
  if (!isUpgrade && heads.has(revisionId) && downs.length > 1) {
    const targets = unmergeTargets(graph, revisionId, toRevisions, heads);
    const changes: VersionChange[] = targets.slice(0, -1).map((version) => ({ kind: 'insert', version }));
    changes.push({ kind: 'update', from: fromRevisions[0], to: targets[targets.length - 1] });
    return changes;
  }
  // update_version_num
  let down: string;
  if (downs.length === 1) {
    down = downs[0];
  } else {
    const present = intersect(heads, downs);
    if (present.length !== 1) throw new PlanError("Can't do an UPDATE because downrevision is ambiguous");
    down = present[0];
  }
  return isUpgrade ? [{ kind: 'update', from: down, to: revisionId }] : [{ kind: 'update', from: revisionId, to: down }];
}

/** Alembic's `_unmerge_to_revisions`: the parents that must become rows again. */
function unmergeTargets(graph: PlanGraph, revisionId: string, toRevisions: readonly string[], heads: VersionHeads): string[] {
  const others = heads.current.filter((id) => id !== revisionId);
  if (others.length > 0) {
    const below = graph.ancestors(others, true);
    return toRevisions.filter((id) => !below.has(id));
  }
  const implied = new Set<string>();
  for (const target of toRevisions) {
    for (const id of graph.ancestors([target], true)) if (id !== target) implied.add(id);
  }
  return toRevisions.filter((id) => !implied.has(id));
}

/** Row changes for a stamp step (StampStep's predicates). */
export function stampStepChanges(
  from: readonly string[],
  to: readonly string[],
  isUpgrade: boolean,
  branchMove: boolean,
  heads: VersionHeads,
): VersionChange[] {
  if (!isUpgrade && branchMove) {
    if (from.length !== 1) throw new PlanError('Stamp branch removal needs exactly one revision');
    return [{ kind: 'delete', version: from[0] }];
  }
  const createsBranch =
    isUpgrade && (branchMove || from.some((id) => !heads.has(id))) && to.some((id) => !heads.has(id));
  if (createsBranch) {
    if (to.length !== 1) throw new PlanError('Stamp branch creation needs exactly one revision');
    return [{ kind: 'insert', version: to[0] }];
  }
  if (from.length > 1) {
    const changes: VersionChange[] = from.slice(0, -1).map((version) => ({ kind: 'delete', version }));
    changes.push({ kind: 'update', from: from[from.length - 1], to: to[0] });
    return changes;
  }
  if (to.length > 1) {
    const changes: VersionChange[] = to.slice(0, -1).map((version) => ({ kind: 'insert', version }));
    changes.push({ kind: 'update', from: from[0], to: to[to.length - 1] });
    return changes;
  }
  return [{ kind: 'update', from: from[0], to: to[0] }];
}
