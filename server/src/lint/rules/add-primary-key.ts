/**
 * A primary key added to an existing table builds its index (and checks NOT NULL) under ACCESS
 * EXCLUSIVE. Built from an index made beforehand (`ADD PRIMARY KEY USING INDEX`, the safe recipe),
 * it still makes its columns NOT NULL: a column the replay knows to be nullable is then checked
 * by a scan of the whole table under that lock (measured on PostgreSQL 15: one sequential scan
 * for a nullable column, none for a NOT NULL one), unless a validated CHECK (col IS NOT NULL)
 * proves it, as for SET NOT NULL.
 */
import type { LintRule, RuleContext } from '../types';
import { blocksEverything, quoted } from './shared/describe';
import { emptyAndHeld } from './shared/emptiedTables';

export const addPrimaryKey: LintRule = {
  code: 'add-primary-key',
  defaultSeverity: 'warning',
  title: 'Primary key added to an existing table',
  actionKinds: ['addConstraint'],
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'primaryKey') return;
    if (context.schema.tableIsNew(action.table)) return;
    // A table this transaction truncated (held-out sweep BD), or found empty after locking it
    // (healthcare-mrf-api), is empty and held under ACCESS EXCLUSIVE already.
    if (emptyAndHeld(context.migration, action, 'ACCESS EXCLUSIVE')) return;
    if (action.usingIndex) {
      const nullable = knownNullableColumns(action.table, action.indexName, context);
      if (nullable.length === 0) return;
      const named = nullable.map((column) => `"${column}"`).join(', ');
      context.report(
        action.range,
        `ADD PRIMARY KEY USING INDEX makes ${named} NOT NULL, and ${nullable.length > 1 ? 'they are' : 'it is'} nullable now: PostgreSQL checks every row of ${quoted(action.table)} for NULLs with a full scan while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` +
          `make ${nullable.length > 1 ? 'them' : 'it'} NOT NULL first the safe way (a CHECK (... IS NOT NULL) NOT VALID constraint, VALIDATE CONSTRAINT, then SET NOT NULL, which then scans nothing), in an earlier step`,
        { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
      );
      return;
    }
    context.report(
      action.range,
      `adding a primary key to ${quoted(action.table)} builds a unique index (and checks NOT NULL) while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` +
        'create a unique index with postgresql_concurrently=True first, then ADD PRIMARY KEY USING INDEX',
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
    );
  },
};

/**
 * The index's columns the replay knows to be nullable (seen created or altered without NOT NULL,
 * and no validated CHECK proving it); a column it knows nothing of is not reported.
 */
function knownNullableColumns(table: string, indexName: string | undefined, context: RuleContext): string[] {
  const index = indexName === undefined ? undefined : context.schema.index(indexName);
  if (!index?.columns || index.table !== table) return [];
  const columns = context.schema.table(table)?.columns;
  return index.columns.filter((column) => {
    const state = columns?.get(column);
    const notNull = state?.notNull ?? state?.facts?.notNull;
    return notNull === false && !context.schema.columnHasNotNullCheck(table, column);
  });
}
