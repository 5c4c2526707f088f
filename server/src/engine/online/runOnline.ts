/**
 * The online engine's entry point, shared by the CLI and (later) a language-server request:
 * `current`, `upgrade`, `downgrade` and `stamp` against one database target. It connects, takes
 * the run lock, applies the run's timeouts, reads the version table, plans with the existing
 * planner from those rows, refuses opaque steps (or hands the run to the real Alembic when an
 * interpreter is given), executes, and reads the version table again. Progress and log lines go
 * to callbacks; cancellation comes in as an AbortSignal. It never throws for an expected failure:
 * every outcome is a result value a front end can print.
 */
import * as fs from 'node:fs';
import { openSession, type DatabaseTarget, type Session } from '../../database/session';
import { EnvPyConnectionStatements, EnvPyStatementFailed } from './envPyConnectionStatements';
import { DatabaseError, redactSecrets } from '../../database/errors';
import { planGraphOf } from '../plan/fromRevisionMap';
import { PlanError, type Plan, type PlannedStep } from '../plan/types';
import { planSettingsOf, unknownSettingsOf, type OfflineEnvironment } from '../offline/offlineSql';
import { acquireRunLock, LockWaitTimeout, releaseRunLock } from './advisoryLock';
import { cancelOnAbort } from './canceller';
import { executePlan, type ExecutionReport } from './executor';
import { collectOnlineOpaque, defaultOnlineCompiler, type OnlineCompiler, type OnlineMigration, type OnlineStep } from './onlineCompiler';
import { planOnline, type OnlineCommand } from './onlinePlan';
import { ambiguousDowngradeWarning } from '../plan/planner';
import { runAlembic } from './pythonFallback';
import { alembicDatabaseFor } from './alembicDatabase';
import { transactionEffectsOf } from './transactionControl';
import { importTimeSources } from '../offline/importTime';
import { defaultCompiler } from '../offline/defaultEngine';
import { statementFailureCode, type OnlineFailureCode } from './failureCodes';

export type { OnlineFailureCode };
import { readVersionRows, versionTableExists } from './versionTable';
import { flaskMigrateRefusal } from '../../project/flaskMigrate';
import { isSessionSetting } from '../../python/envPyConnectArgs';
import type { EnvironmentConfig } from '../../project/types';

export interface OnlineEnvironment extends OfflineEnvironment {
  /** `flaskMigrate`: the real Alembic cannot run this environment (project/flaskMigrate.ts). */
  config: Pick<EnvironmentConfig, 'envPy' | 'flaskMigrate'>;
  /** For handing the run to the real Alembic. */
  configFile: string;
  section?: string;
}

export interface OnlineRequest {
  environment: OnlineEnvironment;
  target: DatabaseTarget;
  command: OnlineCommand | 'current';
  targets: string[];
  purge?: boolean;
  dryRun?: boolean;
  /** Plan against the version table and stop: nothing is run (the editor's confirmation lists the steps). */
  planOnly?: boolean;
  /** PostgreSQL `lock_timeout` / `statement_timeout` for the run, in milliseconds (0: none). */
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** How long to wait for another run's lock (0: without limit). */
  lockWaitMs?: number;
  /** An interpreter with Alembic installed: opaque runs are handed to it. */
  python?: string;
  /**
   * Set when the database was chosen here (`--url`, a named connection, the embedded database,
   * the editor's connection) rather than found through env.py and the ini, with the URL it came
   * from (undefined for the embedded database): a run handed to Alembic must reach it too
   * (alembicDatabase.ts).
   */
  chosenHere?: { url?: string };
  /** `-x` arguments, passed on to Alembic when the run is handed to it. */
  xArguments?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Alembic's log lines (`Running upgrade a -> b, message`), without the logger prefix. */
  log?(line: string): void;
  /** Notes of our own (lock waits, fallbacks), not Alembic's. */
  notice?(line: string): void;
  /** The real Alembic's output when the run was handed to it. */
  alembicOutput?(text: string, stream: 'stdout' | 'stderr'): void;
  onStep?(index: number, total: number, step: PlannedStep): void;
  compiler?: OnlineCompiler;
}

export interface OpaqueStepReport {
  revision: string;
  file: string;
  line: number;
  direction: 'upgrade' | 'downgrade';
  reason: string;
  /** Module-level code, run when Alembic imports the file (not in upgrade() or downgrade()). */
  atImport?: true;
  /** The real Alembic fails on it too (OnlineStep's `alembicFails`). */
  alembicFails?: true;
}

export type OnlineResult =
  | { ok: true; command: OnlineRequest['command']; rowsBefore: string[]; rowsAfter: string[]; report?: ExecutionReport; handedToAlembic: boolean; warnings: string[]; planned?: PlannedStep[] }
  | { ok: false; reason: 'connection' | 'lock'; message: string; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'plan'; message: string; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'opaque'; opaque: OpaqueStepReport[]; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'dry-run-autocommit'; blocks: OpaqueStepReport[]; warnings: string[]; code: OnlineFailureCode }
  | { ok: false; reason: 'alembic'; exitCode: number; rowsBefore: string[]; rowsAfter: string[]; warnings: string[]; code: OnlineFailureCode }
  /** `versionTableExists`: false when the version table is not there after the failure (its creation was rolled back); undefined when not known. */
  | { ok: false; reason: 'migration'; report: ExecutionReport; rowsBefore: string[]; rowsAfter: string[] | undefined; versionTableExists?: boolean; warnings: string[]; code: OnlineFailureCode };

/** Alembic's first log lines of a run on PostgreSQL. */
export const CONTEXT_LINES = ['Context impl PostgresqlImpl.', 'Will assume transactional DDL.'];

function fileOf(environment: OnlineEnvironment, revision: string): string {
  return environment.fileOf?.(revision) ?? environment.graph.get(revision)?.key ?? '';
}

/** The environment's env.py, for where Alembic would connect (undefined text: unreadable). */
function envPyOf(environment: OnlineEnvironment): { file: string; text: string | undefined } {
  const file = environment.config.envPy.file;
  if (file === undefined) return { file: 'env.py', text: undefined };
  try {
    return { file, text: fs.readFileSync(file, 'utf8') };
  } catch {
    return { file, text: undefined };
  }
}

function autocommitBlocks(steps: readonly OnlineStep[]): OnlineStep[] {
  return steps.filter((step) => step.kind === 'autocommit');
}

export async function runOnline(request: OnlineRequest): Promise<OnlineResult> {
  const warnings: string[] = [];
  // Alembic's context lines come first, but only from a run Lens makes itself: a run handed to
  // Alembic prints its own (they were printed twice). Printed before the first other line, or at the end.
  let contextLines: readonly string[] | undefined = CONTEXT_LINES;
  const printContext = (): void => {
    const lines = contextLines;
    contextLines = undefined;
    for (const line of lines ?? []) request.log?.(line);
  };
  const log = (line: string): void => {
    printContext();
    request.log?.(line);
  };
  const notice = (line: string): void => {
    printContext();
    request.notice?.(line);
  };
  const unknownSettings = unknownSettingsOf(request.environment, 'online');
  // Before connecting: even `current` would read another table than Alembic's.
  if (unknownSettings) return { ok: false, reason: 'plan', message: `${unknownSettings}; nothing was run`, warnings, code: 'online-version-table-unknown' };
  const settings = planSettingsOf(request.environment, warnings, 'online');
  const envSql = request.environment.config.envPy.connectionSql?.kind === 'followed' ? request.environment.config.envPy.connectionSql.statements : [];
  // A dry run (or a plan) changes nothing: only session settings may run before it.
  const lasting = envSql.find((statement) => !isSessionSetting(statement.sql));
  if ((request.dryRun || request.planOnly) && lasting) {
    return { ok: false, reason: 'plan', message: `env.py commits \`${lasting.sql}\` on its connection before the migrations (line ${lasting.line}), which a dry run would not undo; nothing was run`, warnings, code: 'online-version-table-unknown' };
  }
  const scrub = (text: string) => redactSecrets(text, request.target.secrets);
  let session: Session;
  try {
    session = await openSession(request.target);
  } catch (error) {
    const code = error instanceof DatabaseError ? error.errorCode : 'database-connect-failed';
    return { ok: false, reason: 'connection', message: scrub(error instanceof Error ? error.message : String(error)), warnings, code };
  }
  let locked = false;
  try {
    if (request.command !== 'current') {
      try {
        await acquireRunLock(session, settings.versionTable, request.lockWaitMs ?? 0, notice);
        locked = true;
      } catch (error) {
        if (error instanceof LockWaitTimeout) return { ok: false, reason: 'lock', message: error.message, warnings, code: 'online-lock-wait-timeout' };
        throw error;
      }
    }
    // env.py's own statements, as Alembic runs them before the migrations (envPyConnectionStatements.ts).
    const envStatements = new EnvPyConnectionStatements(session, envSql, request.environment.config.envPy.file ?? 'env.py');
    try {
      await envStatements.run();
    } catch (error) {
      if (error instanceof EnvPyStatementFailed) return { ok: false, reason: 'plan', message: scrub(error.message), warnings, code: 'online-statement-failed' };
      throw error;
    }
    // Session level (committed with env.py's statements when there are), so a rollback of the
    // migrations' transaction does not undo them.
    if (request.lockTimeoutMs) await session.query(`SET lock_timeout = ${Math.floor(request.lockTimeoutMs)}`);
    if (request.statementTimeoutMs) await session.query(`SET statement_timeout = ${Math.floor(request.statementTimeoutMs)}`);
    const rowsBefore = await readVersionRows(session, settings.versionTable);
    if (request.command === 'current') {
      await envStatements.commit();
      return { ok: true, command: 'current', rowsBefore, rowsAfter: rowsBefore, handedToAlembic: false, warnings };
    }

    let plan: Plan;
    try {
      const fatal = request.environment.graph.issues.find((issue) => issue.severity === 'error');
      if (fatal) throw new PlanError(fatal.message);
      plan = planOnline(planGraphOf(request.environment.graph), request.command, request.targets, rowsBefore, settings, request.purge ?? false);
      const ambiguous = request.command === 'downgrade' && request.targets.length === 1 ? ambiguousDowngradeWarning(request.targets[0], rowsBefore) : undefined;
      if (ambiguous) warnings.push(ambiguous);
    } catch (error) {
      if (error instanceof PlanError) return { ok: false, reason: 'plan', message: error.message, warnings, code: 'plan-failed' };
      throw error;
    }
    if (request.planOnly) return { ok: true, command: request.command, rowsBefore, rowsAfter: rowsBefore, handedToAlembic: false, warnings, planned: plan.steps };

    const compiler = request.compiler ?? defaultOnlineCompiler(request.env ?? process.env);
    const compiled = new Map<string, { file: string; migration: OnlineMigration }>();
    const opaque: OpaqueStepReport[] = [];
    const blocks: OpaqueStepReport[] = [];
    const autocommitUses: { file: string; line: number; revision: string }[] = [];
    for (const step of plan.steps) {
      if (step.kind !== 'revision') continue;
      const file = fileOf(request.environment, step.revision);
      const migration = compiler.compile(file, request.environment.files?.get(file)?.hash);
      compiled.set(step.revision, { file, migration });
      const body = step.direction === 'upgrade' ? migration.upgrade : migration.downgrade;
      for (const found of collectOnlineOpaque(body)) opaque.push({ revision: step.revision, file, line: found.line, direction: step.direction, reason: found.reason, ...(found.alembicFails ? { alembicFails: true as const } : {}) });
      for (const block of autocommitBlocks(body)) {
        blocks.push({ revision: step.revision, file, line: block.line, direction: step.direction, reason: 'autocommit_block() commits and cannot be rolled back' });
        autocommitUses.push({ file, line: block.line, revision: step.revision });
      }
      for (const control of body.filter((inner) => inner.kind === 'sql' && transactionEffectsOf(inner.sql).length > 0)) {
        blocks.push({ revision: step.revision, file, line: control.line, direction: step.direction, reason: 'a COMMIT, BEGIN or ROLLBACK written in the migration ends the transaction a dry run rolls back' });
      }
    }
    compiler.flush();
    // Alembic imports every file of the folder inside the run, so module-level code that reaches
    // the migration context (STRR's `enum.create(op.get_bind(), checkfirst=True)`) runs in every
    // command, whatever its range; the engine does not run import-time code against a database.
    const direction = plan.steps[0]?.direction ?? (request.command === 'downgrade' ? 'downgrade' : 'upgrade');
    // No file counts as run here: the online compiler has compiled those already, so the offline
    // one compiles only files whose text may reach the migration context (importTime.ts).
    for (const source of importTimeSources(request.environment, defaultCompiler(), new Set())) {
      if (!source.online) continue;
      opaque.push({ revision: source.revision, file: source.file, line: source.line, direction, atImport: true, reason: 'module-level code runs through the migration context when Alembic imports this file (in every command over the folder), which the engine does not run against a database' });
    }

    if (opaque.length > 0) {
      if (!request.python) return { ok: false, reason: 'opaque', opaque, warnings, code: 'online-opaque-refused' };
      if (request.environment.config.flaskMigrate) {
        warnings.push(flaskMigrateRefusal(`Running the steps Alembic Lens cannot run itself (${request.python} -m alembic)`, `flask db ${request.command}`));
        return { ok: false, reason: 'opaque', opaque, warnings, code: 'online-opaque-refused' };
      }
      if (request.dryRun) return { ok: false, reason: 'opaque', opaque, warnings, code: 'online-opaque-refused' };
      const database = request.chosenHere ? alembicDatabaseFor(request.target.settings, request.chosenHere.url, envPyOf(request.environment)) : undefined;
      if (database?.kind === 'elsewhere') {
        const message = `${opaque.length} step(s) cannot be run statically, and the run cannot be handed to Alembic (${request.python}): ${database.reason}, not to ${request.target.display}; nothing was run (run Alembic yourself against that database, or point env.py at config.get_main_option("sqlalchemy.url") through engine_from_config)`;
        return { ok: false, reason: 'plan', message: scrub(message), warnings, code: 'online-alembic-other-database' };
      }
      await envStatements.undoForAlembic();
      contextLines = undefined;
      notice(`${opaque.length} step(s) cannot be run statically; handing the run to Alembic (${request.python} -m alembic${database ? `, with sqlalchemy.url set to ${request.target.display}` : ''})`);
      const exitCode = await runAlembic({
        ...(database ? { databaseUrl: database.url, pickDriver: database.pickDriver, urlVariable: database.variable } : {}),
        python: request.python,
        configFile: request.environment.configFile,
        section: request.environment.section,
        command: request.command,
        targets: request.targets,
        purge: request.purge ?? false,
        xArguments: request.xArguments ?? [],
        cwd: request.cwd ?? process.cwd(),
        env: request.env ?? process.env,
        onOutput: (text, stream) => request.alembicOutput?.(scrub(text), stream),
        signal: request.signal,
      });
      const rowsAfter = await readVersionRows(session, settings.versionTable);
      if (exitCode !== 0) return { ok: false, reason: 'alembic', exitCode, rowsBefore, rowsAfter, warnings, code: 'online-alembic-failed' };
      return { ok: true, command: request.command, rowsBefore, rowsAfter, handedToAlembic: true, warnings };
    }
    if (request.dryRun && blocks.length > 0) return { ok: false, reason: 'dry-run-autocommit', blocks, warnings, code: 'online-dry-run-autocommit' };
    // Inside env.py's own transaction Alembic's autocommit_block() has no transaction of its own
    // to commit, and fails (AssertionError) before running anything of the block: say so first.
    const external = request.environment.config.envPy.externalTransaction;
    if (external && autocommitUses.length > 0) {
      const first = autocommitUses[0];
      const message = `${first.revision} uses autocommit_block() (${first.file}:${first.line}), and env.py runs the migrations inside a transaction it began itself (${request.environment.config.envPy.file ?? 'env.py'}:${external.line}): Alembic fails there (AssertionError in autocommit_block) and rolls everything back; nothing was run`;
      return { ok: false, reason: 'plan', message, warnings, code: 'plan-failed' };
    }

    await envStatements.commit();
    const stopCancel = cancelOnAbort(request.target, session.backendPid, request.signal, notice);
    let report: ExecutionReport;
    try {
      report = await executePlan(
        session,
        plan,
        (revision) => {
          const entry = compiled.get(revision);
          const step = plan.steps.find((candidate) => candidate.kind === 'revision' && candidate.revision === revision);
          const body = entry ? (step?.direction === 'downgrade' ? entry.migration.downgrade : entry.migration.upgrade) : [];
          return { file: entry?.file ?? '', steps: body, doc: request.environment.graph.get(revision)?.doc ?? '' };
        },
        { dryRun: request.dryRun ?? false, purge: request.purge ?? false, log, onStep: request.onStep, signal: request.signal },
      );
    } finally {
      stopCancel();
    }
    if (report.failure) {
      report.failure.message = scrub(report.failure.message);
      let rowsAfter: string[] | undefined;
      let tableExists: boolean | undefined;
      if (!report.failure.connectionLost) {
        tableExists = await versionTableExists(session, settings.versionTable).catch(() => undefined);
        rowsAfter = await readVersionRows(session, settings.versionTable).catch(() => undefined);
      }
      return { ok: false, reason: 'migration', report, rowsBefore, rowsAfter, ...(tableExists === false ? { versionTableExists: false } : {}), warnings, code: statementFailureCode(report.failure) };
    }
    const rowsAfter = await readVersionRows(session, settings.versionTable);
    return { ok: true, command: request.command, rowsBefore, rowsAfter, report, handedToAlembic: false, warnings };
  } catch (error) {
    // A failure outside a migration statement (reading the version table, the lock): the
    // connection is the likely cause, and nothing was changed.
    return { ok: false, reason: 'connection', message: scrub(`${request.target.display}: ${error instanceof Error ? error.message : String(error)}`), warnings, code: 'online-connection-lost' };
  } finally {
    printContext();
    if (locked && session.lostError === undefined) await releaseRunLock(session, settings.versionTable).catch(() => undefined);
    await session.close();
  }
}
