/**
 * Operations on a table or column that the replayed history says does not exist at that
 * revision (dropped or renamed away earlier, or absent from a table the history created). Tables
 * the history never saw are assumed to exist, so this never guesses (see schema/model.ts).
 */
import type { Action } from '../actions';
import type { LintRule } from '../types';
import { quoted } from './describe';

/** The table an action needs to exist, if any. */
function tableOf(action: Action): string | undefined {
  switch (action.kind) {
    case 'dropTable':
      return action.ifExists ? undefined : action.table;
    case 'renameTable':
    case 'addColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'setDefault':
    case 'createIndex':
    case 'addConstraint':
    case 'validateConstraint':
    case 'dropConstraint':
    case 'dml':
      return action.table;
    default:
      return undefined;
  }
}

/** The column an action needs to exist, if any. */
function columnOf(action: Action): string | undefined {
  switch (action.kind) {
    case 'dropColumn':
      return action.ifExists ? undefined : action.column;
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'setDefault':
      return action.column;
    default:
      return undefined;
  }
}

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
