/** Dropping a table loses its data and breaks the running application's queries that use it. */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const dropTable: LintRule = {
  code: 'drop-table',
  defaultSeverity: 'warning',
  title: 'Table dropped',
  checkAction(action, context) {
    if (action.kind !== 'dropTable' || action.fn !== 'upgrade') return;
    if (context.schema.tableIsNew(action.table)) return;
    context.report(
      action.range,
      `dropping ${quoted(action.table)} deletes its rows${action.cascade ? ' and, with CASCADE, everything that depends on it' : ''}, and the application version still running during the deploy fails on every query that uses it; ` +
        'remove its use from the application in a release first, then drop it',
    );
  },
};
