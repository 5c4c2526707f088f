/**
 * A statement PostgreSQL refuses inside a transaction block (25001), run inside the migration's:
 * CREATE/DROP INDEX CONCURRENTLY, and the same refusal for VACUUM, REINDEX CONCURRENTLY,
 * DETACH PARTITION CONCURRENTLY, CREATE DATABASE, ALTER SYSTEM, ... (sql/statementLocks.ts).
 */
import { concurrentlyFix } from '../fixes/concurrently';
import type { Action } from '../actions';
import type { LintRule } from '../types';

/** The statement's name when PostgreSQL refuses it inside a transaction block. */
function refusedInTransaction(action: Action): string | undefined {
  if (action.kind === 'otherSql') return action.notInTransaction;
  if ((action.kind === 'createIndex' || action.kind === 'dropIndex') && action.concurrently) return action.kind === 'createIndex' ? 'CREATE INDEX CONCURRENTLY' : 'DROP INDEX CONCURRENTLY';
  return undefined;
}

export const concurrentlyInTransaction: LintRule = {
  code: 'concurrently-in-transaction',
  defaultSeverity: 'error',
  title: 'CONCURRENTLY (or VACUUM, ...) inside a transaction fails at deploy time',
  checkAction(action, context) {
    if (!action.inTransaction) return;
    const statement = refusedInTransaction(action);
    if (!statement) return;
    context.report(
      action.range,
      `${statement} cannot run inside a transaction block (PostgreSQL error 25001), and Alembic runs ${action.fn}() inside one; ` +
        'put it in a `with op.get_context().autocommit_block():` block',
      { fixes: concurrentlyFix(action, context.migration) },
    );
  },
};
