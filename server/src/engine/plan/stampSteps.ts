/**
 * Which stamp steps `alembic stamp` takes (ScriptDirectory._stamp_revs): for each destination,
 * remove branches (destination `base`), move the current rows of its lineage down or up to it in
 * one step, or add it as a new branch.
 */
import type { PlanGraph } from './graphView';

export interface StampMove {
  from: string[];
  to: string[];
  isUpgrade: boolean;
  branchMove: boolean;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

export function collectStampSteps(graph: PlanGraph, destinations: readonly string[], currentHeads: readonly string[]): StampMove[] {
  const targets = destinations.length > 0 ? destinations : ['base'];
  const lineageHeads = unique(
    targets.filter((target) => target !== '').flatMap((target) => graph.filterForLineage(currentHeads, target, true)),
  );
  const resolved = targets.flatMap((target) => graph.resolveMany(target));
  const dests: (string | null)[] = resolved.length > 0 ? resolved : [null];

  const moves: StampMove[] = [];
  for (const dest of dests) {
    if (dest === null) {
      for (const head of lineageHeads) moves.push({ from: [head], to: [], isUpgrade: false, branchMove: true });
      continue;
    }
    if (lineageHeads.includes(dest)) continue;
    const above = graph.descendants([dest], true);
    const below = graph.ancestors([dest], true);
    if (lineageHeads.some((head) => above.has(head))) {
      moves.push({ from: [...lineageHeads], to: [dest], isUpgrade: false, branchMove: false });
    } else if (lineageHeads.some((head) => below.has(head))) {
      moves.push({ from: [...lineageHeads], to: [dest], isUpgrade: true, branchMove: false });
    } else {
      moves.push({ from: [], to: [dest], isUpgrade: true, branchMove: true });
    }
  }
  return moves;
}
