/**
 * Offline (`--sql`) planning for `upgrade`, `downgrade` and `stamp`, as alembic/command.py and
 * MigrationContext.run_migrations do it: split `start:end`, take the start as the version rows the
 * run begins from (offline mode has no database to ask), collect the steps, then replay the
 * HeadMaintainer over them so each step knows its version-table changes.
 */
import { isDowngradeRelativeToCurrent } from '../../graph/traversal';
import type { PlanGraph } from './graphView';
import { VersionHeads, revisionStepChanges, stampStepChanges } from './headMaintainer';
import { collectStampSteps } from './stampSteps';
import { PlanError, type Plan, type PlannedStep, type VersionTable } from './types';

export interface PlanSettings {
  versionTable: VersionTable;
  transactionPerMigration: boolean;
}

/** `a:b` → ['a', 'b']; Alembic splits on ':' and refuses a third part. */
function splitRange(argument: string): { start: string | null; end: string } {
  const index = argument.indexOf(':');
  if (index < 0) return { start: null, end: argument };
  const end = argument.slice(index + 1);
  if (end.includes(':')) throw new PlanError(`Invalid revision range '${argument}'`);
  return { start: argument.slice(0, index), end };
}

/**
 * MigrationContext.get_current_heads in offline mode: the start argument, resolved. Only `base`
 * itself means no version row: a start that resolves to no revision (`x@base:...`, `b@base:c`, or
 * an empty one, `:head`) makes Alembic crash (it reads `.revision` of None, or asserts), so the
 * plan fails with what to write instead.
 */
function startingHeads(graph: PlanGraph, start: string | null): string[] {
  if (start === null || start === 'base') return [];
  const id = start === '' ? null : graph.resolveOne(start);
  if (id === null) {
    const crash = start === '' ? 'AssertionError' : "AttributeError: 'NoneType' object has no attribute 'revision'";
    throw new PlanError(`the start revision '${start}' names no revision: Alembic fails here with ${crash}; write base:... to start from the base`, { start });
  }
  return [id];
}

function formatAsComma(ids: readonly string[]): string {
  return ids.join(', ');
}

function revisionLogLine(graph: PlanGraph, id: string, isUpgrade: boolean): string {
  const downs = graph.get(id)?.downRevisions ?? [];
  return isUpgrade ? `upgrade ${formatAsComma(downs)} -> ${id}` : `downgrade ${id} -> ${formatAsComma(downs)}`;
}

/** The steps of running `ids` in order from the heads `start`, with the version-row changes of each (offline and online). */
export function planRevisions(graph: PlanGraph, ids: readonly string[], isUpgrade: boolean, start: readonly string[]): PlannedStep[] {
  const heads = new VersionHeads([...start]);
  return ids.map((revision) => {
    const headsBefore = heads.current;
    const versionChanges = revisionStepChanges(graph, revision, isUpgrade, heads);
    for (const change of versionChanges) heads.apply(change);
    return {
      kind: 'revision',
      direction: isUpgrade ? 'upgrade' : 'downgrade',
      revision,
      logLine: revisionLogLine(graph, revision, isUpgrade),
      headsBefore,
      versionChanges,
    };
  });
}

/** `alembic upgrade [start:]end --sql`. */
export function planOfflineUpgrade(graph: PlanGraph, argument: string, settings: PlanSettings): Plan {
  const { start, end } = splitRange(argument);
  const startHeads = startingHeads(graph, start);
  const ids = graph.upgradeRevisions(end, startHeads);
  return { command: 'upgrade', startHeads, steps: planRevisions(graph, ids, true, startHeads), ...settings };
}

/**
 * Alembic's warning for `downgrade -1` (or `-N`) while several revisions are current: it walks
 * down from the first of them only. Undefined when the downgrade is not of that kind.
 */
export function ambiguousDowngradeWarning(target: string, startHeads: readonly string[]): string | undefined {
  if (new Set(startHeads).size <= 1 || !isDowngradeRelativeToCurrent(target)) return undefined;
  return `downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release (Alembic's UserWarning for ${target}: it walks down from ${startHeads[0]} only, the first of ${startHeads.join(', ')})`;
}

/** `alembic downgrade start:end --sql` (a range is required offline). */
export function planOfflineDowngrade(graph: PlanGraph, argument: string, settings: PlanSettings): Plan {
  const { start, end } = splitRange(argument);
  if (start === null) throw new PlanError('downgrade with --sql requires <fromrev>:<torev>');
  const startHeads = startingHeads(graph, start);
  const ids = graph.downgradeRevisions(end, startHeads);
  return { command: 'downgrade', startHeads, steps: planRevisions(graph, ids, false, startHeads), ...settings };
}

/** `alembic stamp [start:]rev [...] --sql`. */
export function planOfflineStamp(graph: PlanGraph, argumentsList: readonly string[], settings: PlanSettings): Plan {
  let start: string | null = null;
  const destinations: string[] = [];
  for (const argument of argumentsList) {
    const range = splitRange(argument);
    if (range.start !== null && range.start !== start) {
      if (start !== null) throw new PlanError('Stamp operation with --sql only supports a single starting revision at a time');
      start = range.start;
    }
    destinations.push(range.end);
  }
  const startHeads = startingHeads(graph, start);
  const steps = planStampSteps(graph, destinations, startHeads);
  return { command: 'stamp', startHeads, steps, ...settings };
}

/** The steps of stamping `destinations` from the heads `start` (offline and online). */
export function planStampSteps(graph: PlanGraph, destinations: readonly string[], start: readonly string[]): PlannedStep[] {
  const heads = new VersionHeads([...start]);
  return collectStampSteps(graph, destinations, start).map((stamp) => {
    const headsBefore = heads.current;
    const versionChanges = stampStepChanges(stamp.from, stamp.to, stamp.isUpgrade, stamp.branchMove, heads);
    for (const change of versionChanges) heads.apply(change);
    return {
      kind: 'stamp',
      direction: stamp.isUpgrade ? 'upgrade' : 'downgrade',
      from: stamp.from,
      to: stamp.to,
      logLine: `stamp_revision ${formatAsComma(stamp.from)} -> ${formatAsComma(stamp.to)}`,
      headsBefore,
      versionChanges,
    };
  });
}
