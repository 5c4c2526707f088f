/**
 * Alembic's cycle check (`RevisionMap._detect_cycles`) written again from the revisions' own
 * edges, for the graph tests to compare the map builder's cycle issues with. It shares no code
 * with the builder: children, heads, bases and the walks are recomputed here from each record's
 * `down_revision` and `depends_on` lists, and the members of a cycle Alembic's walks miss are
 * found by plain reachability instead of the builder's component search.
 */
import type { RevisionMap } from '../../server/src/graph/revisionMap';
import type { Revision } from '../../server/src/graph/revision';

type Edges = (revision: Revision) => readonly string[];

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Ids of every revision reachable from `starts` (included) along `edges`; missing ids are passed
 * by. Records, not ids, are marked as seen, as in Alembic: a shadowed duplicate among the starts
 * must not stop the walk at the record that now holds its id.
 */
function reachable(byId: ReadonlyMap<string, Revision>, edges: Edges, starts: readonly Revision[]): Set<string> {
  const seen = new Set<Revision>();
  const todo = [...starts];
  while (todo.length > 0) {
    const revision = todo.pop()!;
    if (seen.has(revision)) continue;
    seen.add(revision);
    for (const id of edges(revision)) {
      const next = byId.get(id);
      if (next) todo.push(next);
    }
  }
  return new Set([...seen].map((revision) => revision.id));
}

export function referenceCycleMessage(map: RevisionMap): string | undefined {
  const byId = map.byId;
  const winners = [...byId.values()];
  if (winners.length === 0) return undefined;
  const down: Edges = (r) => r.downRevisions;
  const allDown: Edges = (r) => unique([...r.downRevisions, ...r.dependsOn]);

  // As in Alembic, a child is attached to the revision its id names now (the last file with
  // that id); a shadowed duplicate gets no child and stays a head.
  const children = new Map<Revision, string[]>();
  const allChildren = new Map<Revision, string[]>();
  for (const child of winners) {
    for (const id of allDown(child)) {
      const parent = byId.get(id);
      if (!parent) continue;
      allChildren.set(parent, unique([...(allChildren.get(parent) ?? []), child.id]));
      if (child.downRevisions.includes(id)) children.set(parent, unique([...(children.get(parent) ?? []), child.id]));
    }
  }
  const up: Edges = (r) => children.get(r) ?? [];
  const allUp: Edges = (r) => allChildren.get(r) ?? [];
  // A revision whose parent is missing is where a walk up starts, like a base.
  const orphans = winners.filter((r) => r.downRevisions.some((id) => !byId.has(id)));

  /** Ids outside (below the tops) ∩ (above the bottoms), sorted; every id when either side is empty. */
  const outside = (tops: Revision[], bottoms: Revision[], downEdges: Edges, upEdges: Edges): string[] => {
    if (tops.length === 0 || bottoms.length === 0) return winners.map((r) => r.id);
    const below = reachable(byId, downEdges, tops);
    const above = reachable(byId, upEdges, bottoms);
    return winners.map((r) => r.id).filter((id) => !(below.has(id) && above.has(id))).sort();
  };

  const heads = map.all.filter((r) => up(r).length === 0);
  const bases = map.all.filter((r) => r.downRevisions.length === 0);
  const plain = outside(heads, [...bases, ...orphans], down, up);
  if (plain.length > 0) return `Cycle is detected in revisions (${plain.join(', ')})`;

  const realHeads = map.all.filter((r) => allUp(r).length === 0);
  const realBases = map.all.filter((r) => r.downRevisions.length === 0 && r.dependsOnAsWritten.length === 0);
  // Likewise a revision with a depends_on entry that names nothing (no id, label or unique prefix):
  // Alembic stops at it with a KeyError; the walk down ends there.
  const labels = new Set(winners.flatMap((r) => r.branchLabels));
  const resolves = (entry: string): boolean => byId.has(entry) || labels.has(entry) || [...byId.keys()].filter((id) => id.startsWith(entry)).length === 1;
  const dependencyOrphans = winners.filter((r) => r.dependsOnAsWritten.some((entry) => !resolves(entry)));
  const withDependencies = outside(realHeads, [...realBases, ...orphans, ...dependencyOrphans], allDown, allUp);
  if (withDependencies.length > 0) return `Dependency cycle is detected in revisions (${withDependencies.join(', ')})`;

  // Alembic's walks miss a cycle that lies above a base and below a head; such a cycle's members
  // each reach another revision that reaches them back.
  const reach = new Map(winners.map((r) => [r.id, reachable(byId, allDown, allDown(r).map((id) => byId.get(id)).filter((x): x is Revision => x !== undefined))]));
  const members = winners.filter((r) => [...reach.get(r.id)!].some((other) => other !== r.id && reach.get(other)!.has(r.id))).map((r) => r.id);
  return members.length > 0 ? `Cycle is detected in revisions (${unique(members).sort().join(', ')})` : undefined;
}
