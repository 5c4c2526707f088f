/**
 * Runs a Plan on a live connection with the transaction layout of Alembic's MigrationContext on
 * PostgreSQL, the same layout the offline emitter prints:
 *
 * - one transaction for the run by default; with `transaction_per_migration` one per step (the
 *   first step's transaction also holds the version table's creation, as Alembic's autobegun
 *   transaction does; with no step at all that transaction is rolled back, as closing Alembic's
 *   connection does);
 * - `autocommit_block()` commits what came before, runs its statements outside any transaction
 *   (each commits on its own), then opens a new transaction;
 * - on failure the open transaction is rolled back; what was committed stays, and the result says
 *   exactly what: the steps whose transaction committed and each autocommit statement applied.
 *
 * Speed: a step's statements inside a transaction and its version-row changes go to the server
 * as one multi-statement message (one round trip per migration instead of one per statement; this
 * is what keeps a 1,000-revision upgrade near `psql -f`). The server runs them one after another
 * exactly as if sent one by one, and stops at the first failure; the session counts the
 * statements it completed, which names the failing one (its file and line). Nothing is run twice:
 * replaying after a failure would advance sequences a second time, which a rollback does not undo.
 * Only texts that are certainly one statement are batched (no `;` inside, no comment), so the
 * count maps to statements; anything else is sent on its own.
 */
import { transactionEffectsOf } from './transactionControl';
import { BatchError, type Session } from '../../database/session';
import { guardAllows } from './catalogGuard';
import type { Plan, PlannedStep } from '../plan/types';
import { versionChangeSql } from '../offline/versionTableSql';
import { ensureVersionTable, purgeVersionTable } from './versionTable';
import type { OnlineStep } from './onlineCompiler';
import { CreatedEnumTypes } from '../offline/enumTypeMemo';

/** Where a statement came from, for failure reports. */
export interface StatementOrigin {
  sql: string;
  /** Absent for the engine's own statements (version table, transaction control). */
  revision?: string;
  file?: string;
  line?: number;
}

export interface StatementFailure {
  statement: StatementOrigin;
  /** PostgreSQL's SQLSTATE (e.g. 42P01), when the server answered. */
  sqlState?: string;
  message: string;
  detail?: string;
  hint?: string;
  /** The connection was lost (killed, network): nothing could be rolled back explicitly. */
  connectionLost: boolean;
  /** A transaction was open when it failed (and was rolled back); false inside autocommit_block() or after a COMMIT in the migration. */
  inTransaction: boolean;
  cancelled: boolean;
}

export interface ExecutionReport {
  /** Log lines of the steps that ran, in order (`upgrade a -> b, message`). */
  stepsRun: string[];
  /** Revisions/stamps whose work and version-row change are committed (by a COMMIT or by an autocommit block's COMMIT). */
  committedSteps: string[];
  /** Steps whose statements before an autocommit block were committed while the step itself did not finish or commit. */
  partiallyCommitted: string[];
  /** Statements run outside any transaction by autocommit_block(): these stay whatever happens after. */
  autocommitApplied: StatementOrigin[];
  failure?: StatementFailure;
  /** The run was rolled back on purpose (dry run). */
  rolledBack: boolean;
}

export interface StepSource {
  file: string;
  steps: readonly OnlineStep[];
  /** Alembic's `Script.doc` for the `Running ...` line. */
  doc: string;
}

export interface ExecuteOptions {
  dryRun: boolean;
  purge: boolean;
  log(line: string): void;
  /** Called before each step (index from 0) so a front end can show progress. */
  onStep?(index: number, total: number, step: PlannedStep): void;
  signal?: AbortSignal;
}

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

class RowCountMismatch extends Error {}

/**
 * True when the text is certainly one statement: no semicolon except a final one, no comment
 * (a comment-only text completes no statement), no backslash (psql-style escapes are not SQL).
 */
export function isSingleStatement(sql: string): boolean {
  const body = sql.trim().replace(/;$/, '');
  return body.length > 0 && !/[;\\]|--|\/\*/.test(body);
}

function batchText(statements: readonly string[]): string {
  return statements.map(batchPart).join('\n');
}

function batchPart(sql: string): string {
  return `${sql.trim().replace(/;$/, '')};`;
}

/**
 * Which statement of a batch failed. The server's error position, when it gives one, is a
 * character offset into the whole message (the simple query protocol parses and analyses every
 * statement against the full text): it names the statement even for a syntax error, which the
 * server finds while parsing the whole message, before running any of it (so none completed).
 * Without a position, the statement after the completed ones failed (or was running).
 */
export function failedStatementOf(error: BatchError, batch: readonly StatementOrigin[]): number {
  const position = Number((error.cause as { position?: unknown } | undefined)?.position);
  if (Number.isInteger(position) && position > 0) {
    // Counted in characters (code points), as PostgreSQL counts them; each part is followed by '\n'.
    let end = 0;
    for (let index = 0; index < batch.length; index++) {
      end += [...batchPart(batch[index].sql)].length + 1;
      if (position <= end) return index;
    }
  }
  return Math.min(error.completedStatements, batch.length - 1);
}

/** Alembic's `str(step)`: the short log, plus `, doc` when the revision has a docstring. */
export function runningLine(step: PlannedStep, doc: string): string {
  return doc && step.kind === 'revision' ? `${step.logLine}, ${doc}` : step.logLine;
}

export async function executePlan(
  session: Session,
  plan: Plan,
  sourceOf: (revision: string) => StepSource,
  options: ExecuteOptions,
): Promise<ExecutionReport> {
  const report: ExecutionReport = { stepsRun: [], committedSteps: [], partiallyCommitted: [], autocommitApplied: [], rolledBack: false };
  const perMigration = plan.transactionPerMigration && !options.dryRun;
  let inTransaction = false;
  let uncommitted: string[] = [];
  let current: StatementOrigin = { sql: 'BEGIN' };

  const run = async (origin: StatementOrigin, params?: unknown[]) => {
    if (options.signal?.aborted) throw new RunCancelled();
    current = origin;
    return session.query(origin.sql, params);
  };
  const begin = async () => {
    await run({ sql: 'BEGIN' });
    inTransaction = true;
  };
  const commit = async () => {
    await run({ sql: 'COMMIT' });
    inTransaction = false;
    report.committedSteps.push(...uncommitted);
    uncommitted = [];
  };

  /** Statements of the current step waiting to be sent with its version-row changes. */
  let pending: StatementOrigin[] = [];
  // One run is one Alembic migration context: a create_table's enum type is created once in it.
  const createdTypes = new CreatedEnumTypes();

  /** Sends statements as few messages as possible (one per run of single statements), in order. */
  const runAll = async (statements: readonly StatementOrigin[]): Promise<(number | null)[]> => {
    const counts: (number | null)[] = [];
    let index = 0;
    while (index < statements.length) {
      let end = index;
      while (end < statements.length && inTransaction && isSingleStatement(statements[end].sql)) end++;
      if (end - index < 2) {
        const autocommitted = !inTransaction;
        counts.push((await run(statements[index])).rowCount);
        // Outside a transaction (after a COMMIT written in the migration) each statement stays.
        if (autocommitted) report.autocommitApplied.push(statements[index]);
        index++;
        continue;
      }
      const batch = statements.slice(index, end);
      if (options.signal?.aborted) throw new RunCancelled();
      current = batch[0];
      try {
        counts.push(...(await session.queryMany(batchText(batch.map((origin) => origin.sql)))));
      } catch (error) {
        if (!(error instanceof BatchError)) throw error;
        current = batch[failedStatementOf(error, batch)];
        throw error.cause;
      }
      index = end;
    }
    return counts;
  };

  const flushPending = async () => {
    const statements = pending;
    pending = [];
    await runAll(statements);
  };

  /** The pending statements and the step's version-row changes; returns each change's row count. */
  const runStepStatements = async (changes: readonly StatementOrigin[]): Promise<(number | null)[]> => {
    const statements = [...pending, ...changes];
    pending = [];
    const counts = await runAll(statements);
    return counts.slice(counts.length - changes.length);
  };

  const runBody = async (steps: readonly OnlineStep[], revision: string, file: string, label: string): Promise<void> => {
    // Whether a statement of this body ran in the transaction an autocommit block commits.
    let ranInTransaction = false;
    for (const step of steps) {
      if (step.kind === 'sql') {
        if (!createdTypes.shouldRun(step.createsEnumType)) continue;
        if (step.onlyIf) {
          // The catalog is asked after what came before has run, as SQLAlchemy asks it.
          await flushPending();
          if (!(await guardAllows(session, step.onlyIf))) continue;
        }
        const origin = { sql: step.sql, revision, file, line: step.line };
        const effects = transactionEffectsOf(step.sql);
        if (inTransaction) ranInTransaction = true;
        if (effects.length === 0) {
          pending.push(origin);
          continue;
        }
        // COMMIT / BEGIN / ROLLBACK written in the migration (transactionControl.ts): what came
        // before runs first, then it alone, and the run goes on in the state it leaves, each
        // effect in turn ("COMMIT; BEGIN" and COMMIT AND CHAIN commit, then open a transaction).
        await flushPending();
        await run(origin);
        for (const effect of effects) {
          if (effect === 'begins') {
            inTransaction = true;
            continue;
          }
          const wasInTransaction = inTransaction;
          inTransaction = false;
          if (effect === 'commits' && wasInTransaction) {
            report.committedSteps.push(...uncommitted);
            uncommitted = [];
            if (!report.partiallyCommitted.includes(label)) report.partiallyCommitted.push(label);
          } else if (effect === 'rollsBack') uncommitted = [];
        }
      } else if (step.kind === 'autocommit') {
        // What came before the block runs (and commits) before it.
        await flushPending();
        const wasInTransaction = inTransaction;
        if (wasInTransaction) await commit();
        // The step is not complete, but its statements before the block are now committed (when it had any).
        if (wasInTransaction && ranInTransaction && !report.partiallyCommitted.includes(label)) report.partiallyCommitted.push(label);
        ranInTransaction = false;
        for (const inner of step.steps) {
          if (inner.kind === 'opaque') throw new Error(`opaque step at ${file}:${inner.line} reached the executor`);
          if (inner.kind === 'autocommit') {
            await runBody(inner.steps, revision, file, label);
            continue;
          }
          if (!createdTypes.shouldRun(inner.createsEnumType)) continue;
          if (inner.onlyIf && !(await guardAllows(session, inner.onlyIf))) continue;
          const origin = { sql: inner.sql, revision, file, line: inner.line };
          await run(origin);
          report.autocommitApplied.push(origin);
        }
        // A nested block's statements were queued: they too run outside the transaction.
        await flushPending();
        if (wasInTransaction) await begin();
      } else {
        throw new Error(`opaque step at ${file}:${step.line} reached the executor (${step.reason})`);
      }
    }
  };

  try {
    await begin();
    if (options.purge) await purgeVersionTable(session, plan.versionTable);
    else if (plan.startHeads.length === 0) await ensureVersionTable(session, plan.versionTable);
    for (let index = 0; index < plan.steps.length; index++) {
      const step = plan.steps[index];
      if (perMigration && index > 0) await begin();
      options.onStep?.(index, plan.steps.length, step);
      const label = step.kind === 'revision' ? step.revision : step.logLine;
      let doc = '';
      if (step.kind === 'revision') {
        const source = sourceOf(step.revision);
        doc = source.doc;
        options.log(`Running ${runningLine(step, doc)}`);
        await runBody(source.steps, step.revision, source.file, label);
      } else {
        options.log(`Running ${runningLine(step, doc)}`);
      }
      const counts = await runStepStatements(step.versionChanges.map((change) => ({ sql: versionChangeSql(plan.versionTable, change) })));
      for (const [changeIndex, change] of step.versionChanges.entries()) {
        const rowCount = counts[changeIndex];
        // Alembic's HeadMaintainer checks that an UPDATE or DELETE matched exactly one row.
        if (change.kind !== 'insert' && rowCount !== 1) {
          current = { sql: versionChangeSql(plan.versionTable, change) };
          throw new RowCountMismatch(
            `Online migration expected to match one row when ${change.kind === 'update' ? `updating '${change.from}' to '${change.to}'` : `deleting '${change.version}'`} in '${plan.versionTable.name}'; ${rowCount ?? 0} found`,
          );
        }
      }
      report.stepsRun.push(runningLine(step, doc));
      // After a COMMIT written in the migration, its version-row change committed on its own.
      if (inTransaction) uncommitted.push(label);
      else report.committedSteps.push(label);
      if (perMigration && inTransaction) await commit();
    }
    if (options.dryRun) {
      await run({ sql: 'ROLLBACK' });
      inTransaction = false;
      uncommitted = [];
      report.rolledBack = true;
    } else if (perMigration && plan.steps.length === 0) {
      await run({ sql: 'ROLLBACK' });
      inTransaction = false;
    } else if (inTransaction) {
      await commit();
    }
    return report;
  } catch (error) {
    const connectionLost = session.lostError !== undefined || isConnectionError(error);
    const wasInTransaction = inTransaction;
    if (inTransaction && !connectionLost) await session.query('ROLLBACK').catch(() => undefined);
    const pgError = error as { code?: string; message?: string; detail?: string; hint?: string };
    report.failure = {
      statement: current,
      sqlState: typeof pgError.code === 'string' && /^[0-9A-Z]{5}$/.test(pgError.code) ? pgError.code : undefined,
      message: error instanceof Error ? error.message : String(error),
      detail: pgError.detail,
      hint: pgError.hint,
      connectionLost,
      inTransaction: wasInTransaction,
      // Ours only when this run asked for it: statement_timeout fails with the same 57014 ("canceling
      // statement due to statement timeout"), and so does a cancel sent by another session.
      cancelled: error instanceof RunCancelled || options.signal?.aborted === true,
    };
    return report;
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === '57P01' || // admin_shutdown: pg_terminate_backend
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
  );
}
