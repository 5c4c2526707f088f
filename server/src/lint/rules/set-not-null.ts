/** SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock. */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';

export const setNotNull: LintRule = {
  code: 'set-not-null',
  defaultSeverity: 'warning',
  title: 'NOT NULL set on an existing column',
  checkAction(action, context) {
    if (action.kind !== 'setNotNull') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    // A primary key's column is NOT NULL already (adding the key set it): PostgreSQL has nothing to
    // check and scans nothing. The key must be one the replay saw made and not dropped since.
    if (context.schema.columnIsInPrimaryKey(action.table, action.column)) return;
    // NOT NULL already (made so, or set before): PostgreSQL has nothing to check either.
    if (context.schema.columnIsNotNull(action.table, action.column)) return;
    // The rule's own recipe done: a validated CHECK (col IS NOT NULL) proves it, and PostgreSQL 12+
    // skips the scan ("existing constraints on column ... are sufficient to prove").
    if (context.config.postgresqlVersion >= 12 && context.schema.columnHasNotNullCheck(action.table, action.column)) return;
    const recipe =
      context.config.postgresqlVersion >= 12
        ? 'add a CHECK (... IS NOT NULL) NOT VALID constraint, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ then skips the scan)'
        : 'add a CHECK (... IS NOT NULL) NOT VALID constraint and VALIDATE it instead (before PostgreSQL 12 SET NOT NULL always scans)';
    context.report(
      action.range,
      `SET NOT NULL on ${quoted(`${action.table}.${action.column}`)} scans every row while holding an ACCESS EXCLUSIVE lock on ${quoted(action.table)}, which ${blocksEverything(context, action.fn)}; ${recipe}`,
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
