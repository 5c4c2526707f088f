/**
 * `drift`: what a configured database holds against what its migrations say it should hold. The
 * database's version rows name the revisions it claims; an empty embedded database is upgraded to
 * those same revisions with the engine, and the two catalog snapshots (database/catalog/) are
 * compared object by object. Nothing is written to the configured database (it is only read).
 */
import { openSession, type DatabaseTarget, type Session } from '../../database/session';
import { redactSecrets } from '../../database/errors';
import { readCatalog } from '../../database/catalog/snapshot';
import { diffCatalogs, type CatalogDifference } from '../../database/catalog/diff';
import { planGraphOf } from '../plan/fromRevisionMap';
import { PlanError, type Plan } from '../plan/types';
import { planSettingsOf } from '../offline/offlineSql';
import { VersionHeads } from '../plan/headMaintainer';
import { compileSteps } from './compiledSteps';
import { executePlan, type StatementFailure } from './executor';
import { statementFailureCode, type OnlineFailureCode } from './failureCodes';
import { defaultOnlineCompiler, type OnlineCompiler } from './onlineCompiler';
import { planOnline } from './onlinePlan';
import type { OnlineEnvironment, OpaqueStepReport } from './runOnline';
import { readVersionRows } from './versionTable';
import { replayRefusal } from './replayRefusal';

export interface DriftRequest {
  environment: OnlineEnvironment;
  /** The configured database: only read. */
  target: DatabaseTarget;
  /** An empty embedded database to upgrade to the same revisions. */
  reference: DatabaseTarget;
  env?: NodeJS.ProcessEnv;
  compiler?: OnlineCompiler;
  log?(line: string): void;
}

export type DriftResult =
  /** `left` of each difference is the database, `right` what the migrations create. */
  | { ok: true; rows: string[]; differences: CatalogDifference[]; warnings: string[] }
  | { ok: false; reason: 'connection' | 'plan'; message: string; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'opaque'; opaque: OpaqueStepReport[]; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'migration'; failure: StatementFailure; warnings: string[]; code: OnlineFailureCode };

async function open(target: DatabaseTarget): Promise<Session> {
  return openSession(target, 'alembic-lens drift');
}

export async function runDrift(request: DriftRequest): Promise<DriftResult> {
  const warnings: string[] = [];
  const settings = planSettingsOf(request.environment, warnings, 'online');
  const graph = planGraphOf(request.environment.graph);
  const scrub = (text: string) => redactSecrets(text, request.target.secrets);
  const ignoreTables = [settings.versionTable];
  // Before connecting: the reference would not be built as Alembic builds it (replayRefusal.ts).
  const refusal = replayRefusal(request.environment, 'drift');
  if (refusal) return { ok: false, reason: 'plan', message: `${refusal}; nothing was read`, warnings, code: 'online-version-table-unknown' };
  let database: Session | undefined;
  let reference: Session | undefined;
  try {
    try {
      database = await open(request.target);
      reference = await open(request.reference);
    } catch (error) {
      return { ok: false, reason: 'connection', message: scrub(error instanceof Error ? error.message : String(error)), warnings, code: 'database-connect-failed' };
    }
    const rows = await readVersionRows(database, settings.versionTable);
    const actual = await readCatalog(database, { ignoreTables });
    // One upgrade per version row, as `alembic upgrade ROW` would, from an empty database.
    const plans: Plan[] = [];
    try {
      const fatal = request.environment.graph.issues.find((issue) => issue.severity === 'error');
      if (fatal) throw new PlanError(fatal.message);
      const heads = new VersionHeads(await readVersionRows(reference, settings.versionTable));
      if (heads.size > 0) throw new PlanError(`the reference database is not empty (version table: ${heads.current.join(', ')})`);
      for (const row of rows) {
        const plan = planOnline(graph, 'upgrade', [row], heads.current, settings);
        for (const step of plan.steps) for (const change of step.versionChanges) heads.apply(change);
        plans.push(plan);
      }
    } catch (error) {
      if (error instanceof PlanError) return { ok: false, reason: 'plan', message: error.message, warnings, code: 'plan-failed' };
      throw error;
    }
    const compiled = compileSteps(
      request.environment,
      request.compiler ?? defaultOnlineCompiler(request.env ?? process.env),
      plans.flatMap((plan) => plan.steps.flatMap((step) => (step.kind === 'revision' ? [{ revision: step.revision, direction: step.direction }] : []))),
    );
    if (compiled.opaque.length > 0) return { ok: false, reason: 'opaque', opaque: compiled.opaque, warnings, code: 'online-opaque-refused' };
    for (const plan of plans) {
      const report = await executePlan(reference, plan, (revision) => compiled.sourceOf(revision, 'upgrade'), { dryRun: false, purge: false, log: request.log ?? (() => undefined) });
      if (report.failure) return { ok: false, reason: 'migration', failure: report.failure, warnings, code: statementFailureCode(report.failure) };
    }
    const expected = await readCatalog(reference, { ignoreTables });
    return { ok: true, rows, differences: diffCatalogs(actual, expected), warnings };
  } catch (error) {
    return { ok: false, reason: 'connection', message: scrub(`${request.target.display}: ${error instanceof Error ? error.message : String(error)}`), warnings, code: 'online-connection-lost' };
  } finally {
    await database?.close();
    await reference?.close();
  }
}
