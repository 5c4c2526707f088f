/**
 * Alembic's cycle check written with plain object walks, the way the map builder did it before
 * its integer-indexed walks and topological shortcut: the graph tests compare the builder's
 * cycle issues with it.
 */
import type { RevisionMap } from '../../server/src/graph/revisionMap';
import type { Revision } from '../../server/src/graph/revision';
import { cycleMembers } from '../../server/src/graph/build';
import { iterateRelated } from '../../server/src/graph/walk';

export function referenceCycleMessage(map: RevisionMap): string | undefined {
  const lookup = (id: string) => map.byId.get(id);
  const winners = map.revisions();
  const orphans = winners.filter((r) => r.downRevisions.some((id) => !lookup(id)));
  const check = (tops: Revision[], bottoms: Revision[], down: (r: Revision) => readonly string[], up: (r: Revision) => readonly string[]): string[] => {
    if (tops.length === 0 || bottoms.length === 0) return winners.map((r) => r.id);
    const below = new Set(iterateRelated(lookup, down, tops).map((r) => r.id));
    const above = new Set(iterateRelated(lookup, up, bottoms).map((r) => r.id));
    return winners.map((r) => r.id).filter((id) => !(below.has(id) && above.has(id))).sort();
  };
  if (winners.length === 0) return undefined;
  const heads = map.all.filter((r) => r.children.length === 0);
  const realHeads = map.all.filter((r) => r.allChildren.length === 0);
  const plain = check(heads, [...map.all.filter((r) => r.isBase), ...orphans], (r) => r.downRevisions, (r) => r.children);
  if (plain.length > 0) return `Cycle is detected in revisions (${plain.join(', ')})`;
  const withDependencies = check(realHeads, [...map.all.filter((r) => r.isRealBase), ...orphans], (r) => r.allDownRevisions, (r) => r.allChildren);
  if (withDependencies.length > 0) return `Dependency cycle is detected in revisions (${withDependencies.join(', ')})`;
  const members = cycleMembers(winners, lookup);
  return members.length > 0 ? `Cycle is detected in revisions (${members.join(', ')})` : undefined;
}
