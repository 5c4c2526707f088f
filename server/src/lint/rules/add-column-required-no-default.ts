/** A NOT NULL column without a default cannot be added to a table that has rows. */
import { notNullColumnFixes } from '../fixes/notNullColumn';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const addColumnRequiredNoDefault: LintRule = {
  code: 'add-column-required-no-default',
  defaultSeverity: 'error',
  title: 'NOT NULL column added without a default',
  checkAction(action, context) {
    if (action.kind !== 'addColumn') return;
    const column = action.column;
    if (!column.notNull || column.default || column.generated) return;
    if (context.schema.tableIsNew(action.table)) return;
    context.report(
      action.range,
      `adding NOT NULL column ${quoted(column.name)} without a server default fails on a table with rows (PostgreSQL error 23502), ` +
        `and code that inserts into ${quoted(action.table)} without it fails once it exists; give it a server_default, or add it nullable, backfill, then set NOT NULL`,
      { fixes: notNullColumnFixes(action, context.migration) },
    );
  },
};
