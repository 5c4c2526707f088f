/**
 * What the rows of a version table mean for an environment's graph: `current` is what
 * `alembic current` prints (rows that are no ancestor of another row), `applied` every revision
 * the database has (the rows and all their ancestors, dependencies included). The tree, the hover
 * and the status bar all show these, so they are computed once, here.
 */
import type { RevisionMap } from '../../graph/revisionMap';

export interface AppliedRevisions {
  current: string[];
  applied: string[];
  /** Rows naming no revision of the graph (Alembic: "Can't locate revision"). */
  unknown: string[];
}

export function appliedRevisions(graph: RevisionMap, rows: readonly string[]): AppliedRevisions {
  const unknown = rows.filter((row) => !graph.get(row));
  const below = new Set<string>();
  const pending = rows.filter((row) => graph.get(row));
  // Iterative walk: a long linear history would overflow a recursive one.
  while (pending.length > 0) {
    const revision = graph.get(pending.pop()!);
    if (!revision) continue;
    for (const parent of [...revision.downRevisions, ...revision.dependsOn]) {
      if (below.has(parent)) continue;
      below.add(parent);
      pending.push(parent);
    }
  }
  const known = rows.filter((row) => graph.get(row));
  const current = known.filter((row) => !below.has(row));
  const applied = [...new Set([...known, ...below])].filter((id) => graph.get(id));
  return { current, applied, unknown };
}
