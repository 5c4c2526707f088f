/**
 * What `alembic current` prints for the rows of the version table (ScriptDirectory.get_all_current,
 * graph/traversal.ts's getAllCurrent): the rows' revisions and their ancestors, dependencies
 * included, then only the branch tips of that set, so a revision a row depends on is printed too
 * (with c1 -> c2 and d1 depending on c1, a row d2 above d1 prints d2 and c1). A row naming a
 * revision the history lacks is Alembic's "Can't locate revision" failure.
 */
import type { Revision } from '../../graph/revision';
import type { RevisionMap } from '../../graph/revisionMap';
import { getAllCurrent } from '../../graph/traversal';
import { CommandFailure } from '../types';

export function currentRevisions(graph: RevisionMap, rows: readonly string[]): Revision[] {
  for (const row of rows) if (!graph.get(row)) throw new CommandFailure(`Can't locate revision identified by '${row}'`, 1);
  return getAllCurrent(graph, rows);
}
