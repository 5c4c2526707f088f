/**
 * An operation on a column the replayed history says does not exist at that revision (dropped or
 * renamed away earlier, or never added to a table the history created).
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { columnOf, tableOf } from './shared/objectsNeeded';

export const unknownColumn: LintRule = {
  code: 'unknown-column',
  defaultSeverity: 'warning',
  title: 'Column does not exist at this revision',
  checkAction(action, context) {
    const column = columnOf(action);
    if (column === undefined || action.kind === 'createTable') return;
    const table = tableOf(action);
    if (table === undefined || !context.schema.columnIsKnownMissing(table, column)) return;
    const state = context.schema.table(table);
    const why = state?.goneColumns.has(column) ? 'an earlier migration dropped or renamed it' : `the migrations that built ${quoted(table)} never added it`;
    context.report(action.range, `column ${quoted(`${table}.${column}`)} does not exist at this revision: ${why}`);
  },
};
