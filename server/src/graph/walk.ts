/**
 * Depth-first walks over the graph in Alembic's order (`_iterate_related_revisions`): a stack
 * per target, children pushed in the order `step` returns them, each revision yielded once.
 * Where Alembic's step returns a Python set (`nextrev`), we return children in map order, so
 * walks are stable where Alembic's are arbitrary.
 */
import { fail } from './errors';
import type { Revision } from './revision';

export type Lookup = (id: string) => Revision | undefined;
export type Step = (revision: Revision) => readonly string[];

export function iterateRelated(lookup: Lookup, step: Step, targets: readonly Revision[], check = false): Revision[] {
  const seen = new Set<Revision>();
  const out: Revision[] = [];
  const targetSet = check ? new Set(targets) : undefined;
  for (const target of targets) {
    const todo: Revision[] = [target];
    const perTarget = check ? new Set<Revision>() : undefined;
    while (todo.length > 0) {
      const revision = todo.pop()!;
      perTarget?.add(revision);
      if (seen.has(revision)) continue;
      seen.add(revision);
      for (const id of step(revision)) {
        // A missing id was reported when the map was built; the walk goes around it.
        const next = lookup(id);
        // Without the overlap check, a revision already seen would be skipped when popped anyway.
        if (next && (check || !seen.has(next))) todo.push(next);
      }
      out.push(revision);
    }
    if (perTarget && targetSet) {
      const overlaps = [...perTarget].filter((revision) => targetSet.has(revision) && revision !== target);
      if (overlaps.length > 0) {
        fail(
          'revision',
          `Requested revision ${target.id} overlaps with other requested revisions ${overlaps.map((r) => r.id).join(', ')}`,
        );
      }
    }
  }
  return out;
}

export interface WalkOptions {
  check?: boolean;
  /** Follow depends_on edges too (Alembic's default for both directions). */
  includeDependencies?: boolean;
}

/** Alembic's `_get_ancestor_nodes`: the targets and everything below them. */
export function ancestors(lookup: Lookup, targets: readonly Revision[], options: WalkOptions = {}): Revision[] {
  const includeDependencies = options.includeDependencies ?? true;
  const step: Step = includeDependencies ? (r) => r.normalizedDownRevisions : (r) => r.downRevisions;
  return iterateRelated(lookup, step, targets, options.check ?? false);
}

/** Alembic's `_get_descendant_nodes`: the targets and everything above them. */
export function descendants(
  lookup: Lookup,
  targets: readonly Revision[],
  options: WalkOptions & { omitImmediateDependencies?: boolean } = {},
): Revision[] {
  const includeDependencies = options.includeDependencies ?? true;
  let step: Step;
  if (options.omitImmediateDependencies) {
    const targetSet = new Set(targets);
    step = (r) => (targetSet.has(r) ? r.children : r.allChildren);
  } else {
    step = includeDependencies ? (r) => r.allChildren : (r) => r.children;
  }
  return iterateRelated(lookup, step, targets, options.check ?? false);
}
