/** ALTER TYPE ... ADD VALUE cannot run in a transaction block before PostgreSQL 12. */
import type { LintRule } from '../types';

export const enumAddValueInTransaction: LintRule = {
  code: 'enum-add-value-in-transaction',
  defaultSeverity: 'error',
  title: 'Enum value added inside a transaction (before PostgreSQL 12)',
  checkAction(action, context) {
    if (action.kind !== 'enumAddValue' || !action.inTransaction) return;
    const version = context.config.postgresqlVersion;
    if (version >= 12) return;
    context.report(
      action.range,
      `ALTER TYPE ${action.type} ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (postgresql-version is ${version}), and Alembic runs ${action.fn}() inside one; ` +
        'put it in a `with op.get_context().autocommit_block():` block',
    );
  },
};
