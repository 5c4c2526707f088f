/**
 * Alembic's `_normalize_depends_on` for a whole map in one pass: a revision drops each
 * dependency that one of its ancestors (along down_revision) already depends on.
 *
 * Walking every revision's ancestors is quadratic on a long history, so the shared
 * dependencies declared at or below each winner are computed once, parents first (a
 * topological order of the down_revision edges). Only a dependency declared by two or more
 * revisions can be dropped, so only those are tracked, and a revision that adds none reuses
 * its parent's set. A down_revision cycle (reported elsewhere) falls back to the per-revision
 * walk, which copes with it.
 */
import type { Revision } from './revision';
import { normalizeDependencies } from './build';
import type { Lookup } from './walk';
import { DOWN_EDGES, type DenseRevisions } from './reach';

const NONE: ReadonlySet<string> = new Set();

export function normalizeAllDependencies(lookup: Lookup, revisions: readonly Revision[], dense: DenseRevisions): void {
  const declarers = new Map<string, Revision[]>();
  for (const revision of revisions) {
    for (const id of revision.dependsOn) {
      const list = declarers.get(id);
      if (list) list.push(revision);
      else declarers.set(id, [revision]);
    }
  }
  const shared = (id: string): boolean => (declarers.get(id)?.length ?? 0) > 1;
  const below = sharedDependenciesBelow(dense, shared);
  for (const revision of revisions) {
    if (!below) {
      normalizeDependencies(lookup, revision, declarers);
      continue;
    }
    revision.edgesChanged();
    if (revision.dependsOn.length === 0) {
      // Usually still the empty list the revision was built with: no need for another.
      if (revision.normalizedDependsOn.length > 0) revision.normalizedDependsOn = [];
      continue;
    }
    if (!revision.dependsOn.some(shared)) {
      // Nothing to drop: the same list (neither is changed once the map is built).
      revision.normalizedDependsOn = revision.dependsOn;
      continue;
    }
    // Parents are winners, so each has a position.
    const inherited = union(parentsOf(lookup, revision).map((parent) => below[dense.positionOf(parent)!]));
    revision.normalizedDependsOn = revision.dependsOn.filter((id) => !inherited.has(id));
  }
}

function parentsOf(lookup: Lookup, revision: Revision): Revision[] {
  const parents: Revision[] = [];
  for (const id of revision.downRevisions) {
    const parent = lookup(id);
    if (parent) parents.push(parent);
  }
  return parents;
}

/**
 * For every winner: the shared dependencies it or any of its ancestors declares, computed
 * parents first. Undefined when the down_revision edges have a cycle.
 */
function sharedDependenciesBelow(dense: DenseRevisions, shared: (id: string) => boolean): ReadonlySet<string>[] | undefined {
  const order = dense.targetsFirst(DOWN_EDGES);
  if (!order) return undefined;
  const { offsets, targets } = dense.edges(DOWN_EDGES);
  const below: ReadonlySet<string>[] = new Array(dense.winners.length);
  for (const index of order) {
    const first = offsets[index];
    const end = offsets[index + 1];
    // Most revisions have one parent: take its set without building a list.
    let inherited: ReadonlySet<string>;
    if (end - first === 0) inherited = NONE;
    else if (end - first === 1) inherited = below[targets[first]];
    else {
      const parents: ReadonlySet<string>[] = [];
      for (let edge = first; edge < end; edge++) parents.push(below[targets[edge]]);
      inherited = union(parents);
    }
    const revision = dense.winners[index];
    const own = revision.dependsOn.length === 0 ? revision.dependsOn : revision.dependsOn.filter(shared);
    below[index] = own.length === 0 ? inherited : new Set([...inherited, ...own]);
  }
  return below;
}

/** The union, reusing an input set when it already holds all the others. */
function union(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  if (sets.length === 1) return sets[0];
  if (sets.length === 0) return NONE;
  const distinct = [...new Set(sets)].filter((set) => set.size > 0);
  if (distinct.length === 0) return NONE;
  distinct.sort((a, b) => b.size - a.size);
  const [largest, ...rest] = distinct;
  if (rest.every((set) => [...set].every((id) => largest.has(id)))) return largest;
  const merged = new Set(largest);
  for (const set of rest) for (const id of set) merged.add(id);
  return merged;
}
