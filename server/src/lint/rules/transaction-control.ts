/**
 * COMMIT or ROLLBACK written into a migration that runs inside the transaction Alembic opened:
 * COMMIT makes everything before it permanent even when a later statement fails (the deploy then
 * leaves the database half migrated, its version table behind), and ROLLBACK throws the earlier
 * statements away while Alembic goes on and records the revision as applied. Inside
 * `autocommit_block()` there is no transaction to end, and nothing is reported.
 *
 * Also `autocommit_block()` itself where env.py begins the transaction (`connection.begin()`,
 * Alembic's multidb template): Alembic's migration context then has no transaction of its own to
 * commit, and the block fails with an AssertionError when the migration runs (`--sql` prints it).
 */
import * as nodePath from 'node:path';
import type { Action } from '../actions';
import type { LintRule, RuleContext } from '../types';

export const transactionControl: LintRule = {
  code: 'transaction-control',
  defaultSeverity: 'warning',
  title: 'COMMIT or ROLLBACK inside the transaction Alembic runs the migration in',
  actionKinds: ['transaction'],
  checkMigration(context) {
    const external = context.config.externalTransaction;
    if (!external) return;
    for (const fn of [context.migration.upgrade, context.migration.downgrade]) {
      if (fn) for (const start of autocommitBlockStarts(fn.actions)) reportFailingBlock(start, external, context);
    }
  },
  checkAction(action, context) {
    if (action.kind !== 'transaction' || action.command !== 'commit' || !action.inTransaction) return;
    const before = statementsBefore(action.fn, context.config.transactionPerMigration);
    if (action.throughBind && context.config.bindCommitLosesRest !== false) {
      const ended = action.rollback ? `throws away ${before}` : `commits ${before}`;
      context.report(
        action.range,
        `${action.rollback ? 'rollback()' : 'commit()'} on op.get_bind() ${ended}; SQLAlchemy 2 then begins a new transaction that Alembic never commits, so the rest of this migration and the version table's update are rolled back when the connection closes, while \`alembic ${action.fn}\` exits 0 (the next run then fails on what stayed); ` +
          'put a statement that must commit on its own in `with op.get_context().autocommit_block():`, or split the migration',
        { severity: 'error' },
      );
      return;
    }
    if (action.rollback) {
      context.report(
        action.range,
        `${action.throughBind ? 'rollback() on op.get_bind()' : 'ROLLBACK'} throws away ${before}, and Alembic goes on and records the revision as applied: the version table then says the migration ran while its changes are gone; raise an exception instead, which makes Alembic roll back and stop`,
        { severity: 'error' },
      );
      return;
    }
    context.report(
      action.range,
      `${action.throughBind ? 'commit() on op.get_bind()' : 'COMMIT'} makes ${before} permanent even if a later statement fails, so a failed deploy leaves the database half migrated with its version table behind, and what runs after it may run outside any transaction (with psycopg2 each statement then commits on its own); put a statement that must run outside a transaction in \`with op.get_context().autocommit_block():\` instead`,
    );
  },
};

/**
 * The statements a COMMIT or ROLLBACK written in the migration ends the transaction of, as env.py
 * runs them: with transaction_per_migration only this migration's, otherwise those of every
 * earlier migration of the run too (Worth-NL/notifications-api sets it; the finding said "unless").
 */
function statementsBefore(fn: Action['fn'], perMigration: boolean | undefined): string {
  if (perMigration === true) return "this migration's statements before it";
  const run = `every earlier migration of the same \`alembic ${fn}\` run`;
  if (perMigration === false) return `the statements before it in the transaction Alembic opened (this migration's, and those of ${run} (env.py does not set transaction_per_migration))`;
  return `the statements before it in the transaction Alembic opened (this migration's, and those of ${run} unless env.py sets transaction_per_migration)`;
}

/**
 * The first statement of each `autocommit_block()`: one that runs outside the transaction right
 * after one inside it (or first in the function), not after a COMMIT the migration wrote.
 */
function autocommitBlockStarts(actions: readonly Action[]): Action[] {
  const starts: Action[] = [];
  let previous: Action | undefined;
  for (const action of actions) {
    if (!action.inTransaction && (previous === undefined || (previous.inTransaction && previous.kind !== 'transaction'))) starts.push(action);
    previous = action;
  }
  return starts;
}

/** The words of the failing-block finding that other rules' advice must not be amended after (run.ts). */
export const BLOCK_FAILS = 'env.py begins the transaction itself';

function reportFailingBlock(start: Action, external: { file: string; line: number }, context: RuleContext): void {
  const envPy = nodePath.relative(nodePath.dirname(context.migration.file), external.file) || external.file;
  context.report(
    start.range,
    `this runs in \`op.get_context().autocommit_block()\`, which fails when the migration runs: ${BLOCK_FAILS} (${envPy}:${external.line}), so Alembic has no transaction of its own to commit there and raises AssertionError, and the whole \`alembic ${start.fn}\` run is rolled back (\`--sql\` prints the block without complaint); let Alembic begin it instead: \`with context.begin_transaction(): context.run_migrations()\` in env.py, as Alembic's generic template does`,
    { severity: 'error' },
  );
}
