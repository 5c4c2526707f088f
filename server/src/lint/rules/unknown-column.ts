/**
 * An operation on a column the replayed history says does not exist at that revision (dropped or
 * renamed away earlier, or never added to a table the history created). As for tables, only what
 * this migration's ancestors did counts: a column dropped on a sibling branch (aiida's django and
 * sqlalchemy branches drop the same columns each), or a table created there, says nothing about
 * the schema this migration runs on.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { columnOf, tableOf } from './shared/objectsNeeded';
import { ranBefore } from './shared/ranBefore';

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
    const removedIn = state?.goneColumns.get(column);
    if (!ranBefore(removedIn ?? state?.createdIn, context)) return;
    const why = removedIn !== undefined ? 'an earlier migration dropped or renamed it' : `the migrations that built ${quoted(table)} never added it`;
    context.report(action.range, `column ${quoted(`${table}.${column}`)} does not exist at this revision: ${why}`);
  },
};
