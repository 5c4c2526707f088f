/**
 * An operation on a table the replayed history says does not exist at that revision (dropped or
 * renamed away earlier). Tables the history never saw are assumed to exist, so this never guesses.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { tableOf } from './shared/objectsNeeded';

export const unknownTable: LintRule = {
  code: 'unknown-table',
  defaultSeverity: 'warning',
  title: 'Table does not exist at this revision',
  checkAction(action, context) {
    const table = tableOf(action);
    if (table === undefined || !context.schema.tableIsKnownMissing(table)) return;
    context.report(action.range, `table ${quoted(table)} does not exist at this revision: an earlier migration dropped or renamed it`);
  },
};
