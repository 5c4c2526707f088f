/** Dropping a column loses its data and breaks the running application's queries that name it. */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const dropColumn: LintRule = {
  code: 'drop-column',
  defaultSeverity: 'warning',
  title: 'Column dropped',
  checkAction(action, context) {
    if (action.kind !== 'dropColumn' || action.fn !== 'upgrade') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    context.report(
      action.range,
      `dropping ${quoted(`${action.table}.${action.column}`)} deletes its data, and the application version still running during the deploy fails on every query that names it; ` +
        'stop using the column in a release first (SQLAlchemy: deferred or removed from the model), then drop it',
    );
  },
};
