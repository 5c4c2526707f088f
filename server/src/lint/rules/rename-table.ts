/** Renaming a table breaks every query of the application version still running. */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const renameTable: LintRule = {
  code: 'rename-table',
  defaultSeverity: 'warning',
  title: 'Table renamed',
  actionKinds: ['renameTable'],
  checkAction(action, context) {
    if (action.kind !== 'renameTable' || action.fn !== 'upgrade') return;
    if (context.schema.tableIsNew(action.table)) return;
    context.report(
      action.range,
      `renaming ${quoted(action.table)} to ${quoted(action.newName)} breaks every query of the application version still running that uses the old name; ` +
        'create the new table (or a view with the old name) and move over in steps, or keep the name and change __tablename__ only',
    );
  },
};
