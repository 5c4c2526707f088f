/** Renaming a column breaks every query of the application version still running. */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const renameColumn: LintRule = {
  code: 'rename-column',
  defaultSeverity: 'warning',
  title: 'Column renamed',
  actionKinds: ['renameColumn'],
  checkAction(action, context) {
    if (action.kind !== 'renameColumn' || action.fn !== 'upgrade') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    context.report(
      action.range,
      `renaming ${quoted(`${action.table}.${action.column}`)} to ${quoted(action.newName)} breaks every query of the application version still running that names the old column; ` +
        'add the new column, write both, backfill, switch reads, then drop the old one (or map the attribute to the old name in the model)',
    );
  },
};
