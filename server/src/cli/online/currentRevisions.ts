/**
 * What `alembic current` prints for the rows of the version table (ScriptDirectory.get_all_current):
 * the rows' revisions, without any that is an ancestor (dependencies included) of another row.
 * A row naming a revision the history lacks is Alembic's "Can't locate revision" failure.
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
  const below = new Set<string>();
  const walk = (revision: Revision) => {
    for (const parent of [...revision.downRevisions, ...revision.dependsOn]) {
      if (below.has(parent)) continue;
      below.add(parent);
      const next = graph.get(parent);
      if (next) walk(next);
    }
  };
  for (const revision of revisions) walk(revision);
  return revisions.filter((revision) => !below.has(revision.id));
}
