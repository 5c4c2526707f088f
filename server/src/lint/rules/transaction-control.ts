/**
 * COMMIT or ROLLBACK written into a migration that runs inside the transaction Alembic opened:
 * COMMIT makes everything before it permanent even when a later statement fails (the deploy then
 * leaves the database half migrated, its version table behind), and ROLLBACK throws the earlier
 * statements away while Alembic goes on and records the revision as applied. Inside
 * `autocommit_block()` there is no transaction to end, and nothing is reported.
 */
import type { LintRule } from '../types';

export const transactionControl: LintRule = {
  code: 'transaction-control',
  defaultSeverity: 'warning',
  title: 'COMMIT or ROLLBACK inside the transaction Alembic runs the migration in',
  actionKinds: ['transaction'],
  checkAction(action, context) {
    if (action.kind !== 'transaction' || action.command !== 'commit' || !action.inTransaction) return;
    const before = `the statements before it in the transaction Alembic opened (this migration's, and those of every earlier migration of the same \`alembic ${action.fn}\` run unless env.py sets transaction_per_migration)`;
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
