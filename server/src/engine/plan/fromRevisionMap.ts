/**
 * Adapts the graph layer's RevisionMap to the planner's PlanGraph, turning graph errors into
 * PlanErrors with the message Alembic's command layer prints for them (ScriptDirectory's
 * `_catch_revision_errors` templates for `_upgrade_revs`, `_downgrade_revs` and `_stamp_revs`).
 */
import { commandMessage, type CommandErrorContext, type GraphResult } from '../../graph/errors';
import type { RevisionMap } from '../../graph/revisionMap';
import type { PlanGraph, PlanRevision } from './graphView';
import { PlanError } from './types';

function unwrap<T>(result: GraphResult<T>, context: CommandErrorContext = {}): T {
  if (result.ok) return result.value;
  throw new PlanError(commandMessage(result.error, context), { graphError: result.error });
}

export function planGraphOf(map: RevisionMap): PlanGraph {
  const lookupAll = (ids: readonly string[]) => ids.map((id) => map.get(id)).filter((r) => r !== undefined);
  return {
    get(id: string): PlanRevision | undefined {
      const revision = map.get(id);
      if (!revision) return undefined;
      return { id: revision.id, downRevisions: revision.downRevisions, normalizedDownRevisions: revision.normalizedDownRevisions };
    },
    resolveOne(identifier) {
      return unwrap(map.resolveOne(identifier))?.id ?? null;
    },
    resolveMany(identifier) {
      return unwrap(map.resolve(identifier), {
        multipleHeads: 'Multiple heads are present; please specify a single target revision',
      }).map((r) => r.id);
    },
    upgradeRevisions(destination, currentHeads) {
      const revisions = unwrap(map.iterate(destination, [...currentHeads], { implicitBase: true }), {
        ancestor: 'Destination %(end)s is not a valid upgrade target from current head(s)',
        end: destination,
      });
      return revisions.map((r) => r.id).reverse();
    },
    downgradeRevisions(destination, currentHeads) {
      const revisions = unwrap(map.iterate([...currentHeads], destination, { selectForDowngrade: true }), {
        ancestor: 'Destination %(end)s is not a valid downgrade target from current head(s)',
        end: destination,
      });
      return revisions.map((r) => r.id);
    },
    ancestors(ids, includeDependencies) {
      return new Set(walkIds(map, lookupAll(ids), includeDependencies, 'down'));
    },
    descendants(ids, includeDependencies) {
      return new Set(walkIds(map, lookupAll(ids), includeDependencies, 'up'));
    },
    filterForLineage(ids, checkAgainst, includeDependencies) {
      return unwrap(map.filterForLineage(ids, checkAgainst, includeDependencies), {
        multipleHeads: 'Multiple heads are present; please specify a single target revision',
      });
    },
  };
}

/** Plain reachability; the order of a walk does not matter for set membership. */
function walkIds(
  map: RevisionMap,
  start: { id: string }[],
  includeDependencies: boolean,
  direction: 'up' | 'down',
): string[] {
  const seen = new Set<string>();
  const todo = start.map((r) => r.id);
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const revision = map.get(id);
    if (!revision) continue;
    const next =
      direction === 'down'
        ? includeDependencies
          ? revision.normalizedDownRevisions
          : revision.downRevisions
        : includeDependencies
          ? revision.allChildren
          : revision.children;
    todo.push(...next);
  }
  return [...seen];
}
