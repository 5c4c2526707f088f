/**
 * Alembic's `_normalize_depends_on` for a whole map in one pass: a revision drops each
 * dependency that one of its ancestors (along down_revision) already depends on.
 *
 * Walking every revision's ancestors is quadratic on a long history, so the shared
 * dependencies declared at or below each revision are memoized, parents first. Only a
 * dependency declared by two or more revisions can be dropped, so only those are tracked, and
 * a revision that adds none reuses its parent's set. A down_revision cycle (reported
 * elsewhere) falls back to the per-revision walk, which copes with it.
 */
import type { Revision } from './revision';
import { normalizeDependencies } from './build';
import type { Lookup } from './walk';

const NONE: ReadonlySet<string> = new Set();

export function normalizeAllDependencies(lookup: Lookup, revisions: readonly Revision[]): void {
  const declarers = new Map<string, Revision[]>();
  for (const revision of revisions) {
    for (const id of revision.dependsOn) {
      const list = declarers.get(id);
      if (list) list.push(revision);
      else declarers.set(id, [revision]);
    }
  }
  const shared = (id: string): boolean => (declarers.get(id)?.length ?? 0) > 1;
  const below = sharedDependenciesBelow(lookup, revisions, shared);
  for (const revision of revisions) {
    if (!below) {
      normalizeDependencies(lookup, revision, declarers);
      continue;
    }
    revision.edgesChanged();
    const candidates = revision.dependsOn.filter(shared);
    if (candidates.length === 0) {
      revision.normalizedDependsOn = [...revision.dependsOn];
      continue;
    }
    const inherited = union(parentsOf(lookup, revision).map((parent) => below.get(parent)!));
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
 * For every revision reachable from `revisions` along down_revision: the shared dependencies
 * it or any of its ancestors declares. Undefined when the ancestry has a cycle.
 */
function sharedDependenciesBelow(
  lookup: Lookup,
  revisions: readonly Revision[],
  shared: (id: string) => boolean,
): Map<Revision, ReadonlySet<string>> | undefined {
  const done = new Map<Revision, ReadonlySet<string>>();
  const inProgress = new Set<Revision>();
  for (const root of revisions) {
    if (done.has(root)) continue;
    const stack: { revision: Revision; parents: Revision[]; next: number }[] = [{ revision: root, parents: parentsOf(lookup, root), next: 0 }];
    inProgress.add(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.parents.length) {
        const parent = frame.parents[frame.next++];
        if (done.has(parent)) continue;
        if (inProgress.has(parent)) return undefined;
        inProgress.add(parent);
        stack.push({ revision: parent, parents: parentsOf(lookup, parent), next: 0 });
        continue;
      }
      stack.pop();
      inProgress.delete(frame.revision);
      const inherited = union(frame.parents.map((parent) => done.get(parent)!));
      const own = frame.revision.dependsOn.filter(shared);
      if (own.length === 0) done.set(frame.revision, inherited);
      else done.set(frame.revision, new Set([...inherited, ...own]));
    }
  }
  return done;
}

/** The union, reusing an input set when it already holds all the others. */
function union(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  const distinct = [...new Set(sets)].filter((set) => set.size > 0);
  if (distinct.length === 0) return NONE;
  distinct.sort((a, b) => b.size - a.size);
  const [largest, ...rest] = distinct;
  if (rest.every((set) => [...set].every((id) => largest.has(id)))) return largest;
  const merged = new Set(largest);
  for (const set of rest) for (const id of set) merged.add(id);
  return merged;
}
