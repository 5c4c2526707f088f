/** SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock. */
import type { LintRule } from '../types';
import { columnAddedEarlier } from './shared/columnAddedEarlier';
import { blocksEverything, quoted } from './shared/describe';

export const setNotNull: LintRule = {
  code: 'set-not-null',
  defaultSeverity: 'warning',
  title: 'NOT NULL set on an existing column',
  actionKinds: ['setNotNull'],
  checkAction(action, context) {
    if (action.kind !== 'setNotNull') return;
    const found = context.schema.tableIsNew(action.table) ? undefined : columnAddedEarlier(action, context.migration);
    // Added above and then written by something neither add-column-required-no-default (it may have
    // filled the column) nor backfill-under-exclusive-lock (not an UPDATE it reads) speaks for: an
    // ORM loop, a DO block, a COMMIT. The scan is the existing-column case's (todo.sr.ht's scoped_id).
    const filledUnseen = found?.filledUnseen === true;
    if (context.schema.columnIsNew(action.table, action.column) && !filledUnseen) {
      // Added by this migration to a table that was there, with a default and nothing written
      // since: the scan is the only cost, and adding it NOT NULL with its default in one step has
      // none (PostgreSQL 11+). Without a default, or after a backfill, add-column-required-no-default
      // and backfill-under-exclusive-lock speak.
      const withDefault = found && !found.filled && found.added.column.default && !found.added.column.default.volatile && !found.added.column.notNull;
      if (withDefault) {
        context.report(
          action.range,
          `SET NOT NULL on ${quoted(`${action.table}.${action.column}`)}, added above with a default, scans every row of ${quoted(action.table)} while holding its ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; add the column NOT NULL with its server_default in one step instead (op.add_column(..., nullable=False, server_default=...)), which PostgreSQL 11+ does without reading the table`,
          { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
        );
      }
      return;
    }
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
        ? 'add a CHECK (... IS NOT NULL) NOT VALID constraint, VALIDATE it after the add has committed (inside op.get_context().autocommit_block(), or in a later migration), then SET NOT NULL (PostgreSQL 12+ then skips the scan)'
        : 'add a CHECK (... IS NOT NULL) NOT VALID constraint and VALIDATE it instead (before PostgreSQL 12 SET NOT NULL always scans)';
    context.report(
      action.range,
      `SET NOT NULL on ${quoted(`${action.table}.${action.column}`)} scans every row while holding an ACCESS EXCLUSIVE lock on ${quoted(action.table)}, which ${blocksEverything(context, action.fn)}; ${recipe}`,
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
