/** A small PlanGraph for unit tests: revisions given as `id: [downRevisions], [dependencies]`. */
import type { PlanGraph } from '../../../server/src/engine/plan/graphView';

export function fakeGraph(spec: Record<string, { down?: string[]; deps?: string[] }>, order: Record<string, string[]> = {}): PlanGraph {
  const down = (id: string) => spec[id]?.down ?? [];
  const normalized = (id: string) => [...new Set([...down(id), ...(spec[id]?.deps ?? [])])];
  const walk = (ids: readonly string[], next: (id: string) => string[]) => {
    const seen = new Set<string>();
    const todo = [...ids];
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...next(id));
    }
    return seen;
  };
  const children = (id: string) => Object.keys(spec).filter((other) => normalized(other).includes(id));
  return {
    get: (id) => (spec[id] ? { id, downRevisions: down(id), normalizedDownRevisions: normalized(id) } : undefined),
    resolveOne: (identifier) => (identifier === 'base' ? null : identifier),
    resolveMany: (identifier) => (identifier === 'base' ? [] : [identifier]),
    upgradeRevisions: (destination) => order[`up:${destination}`] ?? [],
    downgradeRevisions: (destination) => order[`down:${destination}`] ?? [],
    ancestors: (ids) => walk(ids, normalized),
    descendants: (ids) => walk(ids, children),
    filterForLineage: (ids, against) => ids.filter((id) => walk([id], normalized).has(against) || walk([id], children).has(against)),
  };
}
