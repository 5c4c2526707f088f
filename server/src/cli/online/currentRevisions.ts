/**
 * What `alembic current` prints for the rows of the version table (ScriptDirectory.get_all_current):
 * the rows' revisions and every ancestor of theirs, along down_revision and depends_on, then only
 * the branch heads of that set: those no other member descends from along down_revision alone.
 * So a revision a row depends on (and is not below another member along down_revision) is printed
 * too: with c1 -> c2 and d1 depending on c1, a row d2 above d1 prints d2 and c1. A row naming a
 * revision the history lacks is Alembic's "Can't locate revision" failure.
 */
import type { Revision } from '../../graph/revision';
import type { RevisionMap } from '../../graph/revisionMap';
import { CommandFailure } from '../types';

export function currentRevisions(graph: RevisionMap, rows: readonly string[]): Revision[] {
  const revisions = rows.map((row) => {
    const revision = graph.get(row);
    if (!revision) throw new CommandFailure(`Can't locate revision identified by '${row}'`, 1);
    return revision;
  });
  // The rows and their ancestors, dependencies included, rows first.
  const members = new Map<string, Revision>();
  const gather = (revision: Revision): void => {
    if (members.has(revision.id)) return;
    members.set(revision.id, revision);
    for (const parent of [...revision.downRevisions, ...revision.dependsOn]) {
      const next = graph.get(parent);
      if (next) gather(next);
    }
  };
  for (const revision of revisions) members.set(revision.id, revision);
  for (const revision of revisions) for (const parent of [...revision.downRevisions, ...revision.dependsOn]) {
    const next = graph.get(parent);
    if (next) gather(next);
  }
  // Below another member along down_revision alone: not a branch head of the set.
  const below = new Set<string>();
  const walkDown = (revision: Revision): void => {
    for (const parent of revision.downRevisions) {
      if (below.has(parent)) continue;
      below.add(parent);
      const next = graph.get(parent);
      if (next) walkDown(next);
    }
  };
  for (const revision of members.values()) walkDown(revision);
  return [...members.values()].filter((revision) => !below.has(revision.id));
}
