/**
 * Online planning: as the offline planner (plan/planner.ts), but the run starts from the rows the
 * version table holds, as `alembic upgrade/downgrade/stamp` without `--sql` does. Ranges are
 * refused with Alembic's message; `stamp --purge` starts from no rows.
 */
import type { PlanGraph } from '../plan/graphView';
import { VersionHeads, revisionStepChanges, stampStepChanges } from '../plan/headMaintainer';
import type { PlanSettings } from '../plan/planner';
import { collectStampSteps } from '../plan/stampSteps';
import { PlanError, type Plan, type PlannedStep } from '../plan/types';

export type OnlineCommand = 'upgrade' | 'downgrade' | 'stamp';

function revisionLogLine(graph: PlanGraph, id: string, isUpgrade: boolean): string {
  const downs = (graph.get(id)?.downRevisions ?? []).join(', ');
  return isUpgrade ? `upgrade ${downs} -> ${id}` : `downgrade ${id} -> ${downs}`;
}

function revisionSteps(graph: PlanGraph, ids: readonly string[], isUpgrade: boolean, start: readonly string[]): PlannedStep[] {
  const heads = new VersionHeads([...start]);
  return ids.map((revision) => {
    const headsBefore = heads.current;
    const versionChanges = revisionStepChanges(graph, revision, isUpgrade, heads);
    for (const change of versionChanges) heads.apply(change);
    return { kind: 'revision', direction: isUpgrade ? 'upgrade' : 'downgrade', revision, logLine: revisionLogLine(graph, revision, isUpgrade), headsBefore, versionChanges };
  });
}

/**
 * One revision's upgrade() or downgrade() alone, from the given rows, with the version-row changes
 * Alembic's HeadMaintainer makes for it: what `roundtrip` runs, one revision at a time, where
 * Alembic's target syntax cannot name a single step (the downgrade of one branch of two).
 */
export function singleRevisionPlan(graph: PlanGraph, revision: string, direction: 'upgrade' | 'downgrade', rows: readonly string[], settings: PlanSettings): Plan {
  const isUpgrade = direction === 'upgrade';
  return { command: direction, startHeads: [...rows], steps: revisionSteps(graph, [revision], isUpgrade, rows), ...settings };
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
    const heads = new VersionHeads([...startHeads]);
    const steps: PlannedStep[] = collectStampSteps(graph, targets, startHeads).map((stamp) => {
      const headsBefore = heads.current;
      const versionChanges = stampStepChanges(stamp.from, stamp.to, stamp.isUpgrade, stamp.branchMove, heads);
      for (const change of versionChanges) heads.apply(change);
      return {
        kind: 'stamp',
        direction: stamp.isUpgrade ? 'upgrade' : 'downgrade',
        from: stamp.from,
        to: stamp.to,
        logLine: `stamp_revision ${stamp.from.join(', ')} -> ${stamp.to.join(', ')}`,
        headsBefore,
        versionChanges,
      };
    });
    return { command, startHeads, steps, ...settings };
  }
  if (targets.length !== 1) throw new PlanError(`${command} takes exactly one revision argument`);
  const target = targets[0];
  if (target.includes(':')) throw new PlanError('Range revision not allowed');
  const isUpgrade = command === 'upgrade';
  const ids = isUpgrade ? graph.upgradeRevisions(target, startHeads) : graph.downgradeRevisions(target, startHeads);
  return { command, startHeads, steps: revisionSteps(graph, ids, isUpgrade, startHeads), ...settings };
}
