/**
 * Online planning: as the offline planner (plan/planner.ts), but the run starts from the rows the
 * version table holds, as `alembic upgrade/downgrade/stamp` without `--sql` does. Ranges are
 * refused with Alembic's message; `stamp --purge` starts from no rows.
 */
import type { PlanGraph } from '../plan/graphView';
import { planRevisions, planStampSteps, type PlanSettings } from '../plan/planner';
import { PlanError, type Plan } from '../plan/types';

export type OnlineCommand = 'upgrade' | 'downgrade' | 'stamp';

/**
 * One revision's upgrade() or downgrade() alone, from the given rows, with the version-row changes
 * Alembic's HeadMaintainer makes for it: what `roundtrip` runs, one revision at a time, where
 * Alembic's target syntax cannot name a single step (the downgrade of one branch of two).
 */
export function singleRevisionPlan(graph: PlanGraph, revision: string, direction: 'upgrade' | 'downgrade', rows: readonly string[], settings: PlanSettings): Plan {
  const isUpgrade = direction === 'upgrade';
  return { command: direction, startHeads: [...rows], steps: planRevisions(graph, [revision], isUpgrade, rows), ...settings };
}

export function planOnline(
  graph: PlanGraph,
  command: OnlineCommand,
  targets: readonly string[],
  currentRows: readonly string[],
  settings: PlanSettings,
  purge = false,
): Plan {
  const startHeads = purge ? [] : [...currentRows];
  if (command === 'stamp') {
    const steps = planStampSteps(graph, targets, startHeads);
    return { command, startHeads, steps, ...settings };
  }
  if (targets.length !== 1) throw new PlanError(`${command} takes exactly one revision argument`);
  const target = targets[0];
  if (target.includes(':')) throw new PlanError('Range revision not allowed');
  const isUpgrade = command === 'upgrade';
  const ids = isUpgrade ? graph.upgradeRevisions(target, startHeads) : graph.downgradeRevisions(target, startHeads);
  return { command, startHeads, steps: planRevisions(graph, ids, isUpgrade, startHeads), ...settings };
}
