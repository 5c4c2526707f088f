/** CREATE/DROP INDEX CONCURRENTLY inside the migration's transaction: PostgreSQL refuses (25001). */
import { concurrentlyFix } from '../fixes/concurrently';
import type { LintRule } from '../types';

export const concurrentlyInTransaction: LintRule = {
  code: 'concurrently-in-transaction',
  defaultSeverity: 'error',
  title: 'CONCURRENTLY inside a transaction fails at deploy time',
  checkAction(action, context) {
    if ((action.kind !== 'createIndex' && action.kind !== 'dropIndex') || !action.concurrently || !action.inTransaction) return;
    const statement = action.kind === 'createIndex' ? 'CREATE INDEX CONCURRENTLY' : 'DROP INDEX CONCURRENTLY';
    context.report(
      action.range,
      `${statement} cannot run inside a transaction block (PostgreSQL error 25001), and Alembic runs ${action.fn}() inside one; ` +
        'put it in a `with op.get_context().autocommit_block():` block',
      { fixes: concurrentlyFix(action, context.migration) },
    );
  },
};
