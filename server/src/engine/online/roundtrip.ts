/**
 * `roundtrip [RANGE]`: for every revision of the range, in upgrade order, on the embedded database
 * (or any database the caller hands over): upgrade it, downgrade it, upgrade it again, comparing
 * catalog snapshots (database/catalog/) so that a downgrade that does not undo its upgrade, or an
 * upgrade that cannot run twice after its downgrade, is found per revision. Each revision runs
 * alone (its own plan, Alembic's version-row changes), so branches and merges are walked one
 * revision at a time. The version table is left out of the snapshots.
 */
import { openSession, type DatabaseTarget, type Session } from '../../database/session';
import { redactSecrets } from '../../database/errors';
import { readCatalog } from '../../database/catalog/snapshot';
import { diffCatalogs, type CatalogDifference } from '../../database/catalog/diff';
import type { CatalogSnapshot } from '../../database/catalog/types';
import { planGraphOf } from '../plan/fromRevisionMap';
import type { PlanGraph } from '../plan/graphView';
import type { PlanSettings } from '../plan/planner';
import { VersionHeads } from '../plan/headMaintainer';
import { PlanError, type Plan } from '../plan/types';
import { planSettingsOf } from '../offline/offlineSql';
import { acquireRunLock, LockWaitTimeout, releaseRunLock } from './advisoryLock';
import { compileSteps, type CompiledSteps } from './compiledSteps';
import { executePlan, type StatementFailure } from './executor';
import type { OnlineFailureCode } from './failureCodes';
import { statementFailureCode } from './failureCodes';
import { defaultOnlineCompiler, type OnlineCompiler } from './onlineCompiler';
import { planOnline, singleRevisionPlan } from './onlinePlan';
import type { OnlineEnvironment, OpaqueStepReport } from './runOnline';
import { readVersionRows } from './versionTable';
import { replayRefusal } from './replayRefusal';

export interface RoundtripRequest {
  environment: OnlineEnvironment;
  target: DatabaseTarget;
  /** `START:END` as Alembic's history takes it (either side may be empty); default `base:heads`. */
  range?: string;
  lockWaitMs?: number;
  env?: NodeJS.ProcessEnv;
  compiler?: OnlineCompiler;
  /** Alembic's log lines of every step run. */
  log?(line: string): void;
  /** Called when a revision's round trip is done, for progress. */
  onRevision?(result: RevisionRoundtrip, index: number, total: number): void;
}

export type RoundtripPhase = 'upgrade' | 'downgrade' | 'second upgrade';

export interface RevisionRoundtrip {
  revision: string;
  doc: string;
  file: string;
  /** Before the upgrade (left) against after the downgrade (right): the downgrade should undo the upgrade. */
  afterDowngrade: CatalogDifference[];
  /** After the first upgrade (left) against after the second (right). */
  afterSecondUpgrade: CatalogDifference[];
  failure?: { phase: RoundtripPhase; failure: StatementFailure; code: OnlineFailureCode };
}

export type RoundtripResult =
  | { ok: true; revisions: RevisionRoundtrip[]; warnings: string[] }
  | { ok: false; reason: 'connection' | 'lock' | 'plan'; message: string; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'opaque'; opaque: OpaqueStepReport[]; warnings: string[]; code: OnlineFailureCode };

/** `START:END` into its parts: an empty or `base` start is the empty database, an empty end is `heads`. */
export function parseRoundtripRange(range: string | undefined): { start: string | undefined; end: string } {
  if (range === undefined || range === '') return { start: undefined, end: 'heads' };
  const colon = range.indexOf(':');
  if (colon < 0) return { start: undefined, end: range };
  const start = range.slice(0, colon);
  const end = range.slice(colon + 1);
  return { start: start === '' || start === 'base' ? undefined : start, end: end === '' ? 'heads' : end };
}

export function isClean(result: RevisionRoundtrip): boolean {
  return !result.failure && result.afterDowngrade.length === 0 && result.afterSecondUpgrade.length === 0;
}

interface Runner {
  session: Session;
  graph: PlanGraph;
  settings: PlanSettings;
  compiled: CompiledSteps;
  log(line: string): void;
}

async function runPlan(runner: Runner, plan: Plan): Promise<StatementFailure | undefined> {
  const report = await executePlan(
    runner.session,
    plan,
    (revision) => runner.compiled.sourceOf(revision, plan.command === 'downgrade' ? 'downgrade' : 'upgrade'),
    { dryRun: false, purge: false, log: runner.log },
  );
  return report.failure;
}

async function snapshot(runner: Runner): Promise<CatalogSnapshot> {
  return readCatalog(runner.session, { ignoreTables: [runner.settings.versionTable] });
}

async function roundtripOne(runner: Runner, revision: string): Promise<RevisionRoundtrip> {
  const { graph, settings, session } = runner;
  const source = runner.compiled.sourceOf(revision, 'upgrade');
  const result: RevisionRoundtrip = { revision, doc: source.doc, file: source.file, afterDowngrade: [], afterSecondUpgrade: [] };
  const fail = (phase: RoundtripPhase, failure: StatementFailure) => {
    result.failure = { phase, failure, code: statementFailureCode(failure) };
    return result;
  };
  const before = await snapshot(runner);
  const rowsBefore = await readVersionRows(session, settings.versionTable);
  const up = await runPlan(runner, singleRevisionPlan(graph, revision, 'upgrade', rowsBefore, settings));
  if (up) return fail('upgrade', up);
  const upgraded = await snapshot(runner);
  const rowsUp = await readVersionRows(session, settings.versionTable);
  const down = await runPlan(runner, singleRevisionPlan(graph, revision, 'downgrade', rowsUp, settings));
  if (down) return fail('downgrade', down);
  result.afterDowngrade = diffCatalogs(before, await snapshot(runner));
  const rowsDown = await readVersionRows(session, settings.versionTable);
  const again = await runPlan(runner, singleRevisionPlan(graph, revision, 'upgrade', rowsDown, settings));
  if (again) return fail('second upgrade', again);
  result.afterSecondUpgrade = diffCatalogs(upgraded, await snapshot(runner));
  return result;
}

export async function runRoundtrip(request: RoundtripRequest): Promise<RoundtripResult> {
  const warnings: string[] = [];
  const settings = planSettingsOf(request.environment, warnings, 'online');
  const scrub = (text: string) => redactSecrets(text, request.target.secrets);
  const graph = planGraphOf(request.environment.graph);
  const { start, end } = parseRoundtripRange(request.range);
  // Before connecting: the replay would not be Alembic's run (replayRefusal.ts).
  const refusal = replayRefusal(request.environment, 'roundtrip');
  if (refusal) return { ok: false, reason: 'plan', message: `${refusal}; nothing was run`, warnings, code: 'online-version-table-unknown' };
  let session: Session;
  try {
    session = await openSession(request.target);
  } catch (error) {
    return { ok: false, reason: 'connection', message: scrub(error instanceof Error ? error.message : String(error)), warnings, code: 'database-connect-failed' };
  }
  let locked = false;
  try {
    await acquireRunLock(session, settings.versionTable, request.lockWaitMs ?? 0, () => undefined);
    locked = true;
    const rows = await readVersionRows(session, settings.versionTable);
    let prepare: Plan | undefined;
    let revisions: string[];
    try {
      const fatal = request.environment.graph.issues.find((issue) => issue.severity === 'error');
      if (fatal) throw new PlanError(fatal.message);
      // Bring the database to the start of the range first (nothing to do on a fresh one from base).
      prepare = start === undefined ? undefined : planOnline(graph, 'upgrade', [start], rows, settings);
      const startRows = prepare ? rowsAfter(prepare) : rows;
      if (start === undefined && rows.length > 0) throw new PlanError(`the database is not empty (version table: ${rows.join(', ')}); a roundtrip from base needs an empty database`);
      revisions = graph.upgradeRevisions(end, startRows);
    } catch (error) {
      if (error instanceof PlanError) return { ok: false, reason: 'plan', message: error.message, warnings, code: 'plan-failed' };
      throw error;
    }
    const compiled = compileSteps(request.environment, request.compiler ?? defaultOnlineCompiler(request.env ?? process.env), [
      ...(prepare?.steps ?? []).flatMap((step) => (step.kind === 'revision' ? [{ revision: step.revision, direction: step.direction }] : [])),
      ...revisions.flatMap((revision) => [
        { revision, direction: 'upgrade' as const },
        { revision, direction: 'downgrade' as const },
      ]),
    ]);
    if (compiled.opaque.length > 0) return { ok: false, reason: 'opaque', opaque: compiled.opaque, warnings, code: 'online-opaque-refused' };
    const runner: Runner = { session, graph, settings, compiled, log: request.log ?? (() => undefined) };
    const results: RevisionRoundtrip[] = [];
    if (prepare) {
      const failure = await runPlan(runner, prepare);
      if (failure) {
        const failed: RevisionRoundtrip = { revision: failure.statement.revision ?? start ?? '', doc: '', file: failure.statement.file ?? '', afterDowngrade: [], afterSecondUpgrade: [], failure: { phase: 'upgrade', failure, code: statementFailureCode(failure) } };
        return { ok: true, revisions: [failed], warnings };
      }
    }
    for (const [index, revision] of revisions.entries()) {
      const result = await roundtripOne(runner, revision);
      if (result.failure) result.failure.failure.message = scrub(result.failure.failure.message);
      results.push(result);
      request.onRevision?.(result, index, revisions.length);
      // A failed step leaves the database between states: the revisions after it cannot be checked.
      if (result.failure) break;
    }
    return { ok: true, revisions: results, warnings };
  } catch (error) {
    if (error instanceof LockWaitTimeout) return { ok: false, reason: 'lock', message: error.message, warnings, code: 'online-lock-wait-timeout' };
    return { ok: false, reason: 'connection', message: scrub(`${request.target.display}: ${error instanceof Error ? error.message : String(error)}`), warnings, code: 'online-connection-lost' };
  } finally {
    if (locked && session.lostError === undefined) await releaseRunLock(session, settings.versionTable).catch(() => undefined);
    await session.close();
  }
}

/** The version rows once a plan has run (Alembic's HeadMaintainer, as the planner tracks them). */
function rowsAfter(plan: Plan): string[] {
  const heads = new VersionHeads(plan.startHeads);
  for (const step of plan.steps) for (const change of step.versionChanges) heads.apply(change);
  return heads.current;
}
