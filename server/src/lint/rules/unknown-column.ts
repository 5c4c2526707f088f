/**
 * An operation on a column the replayed history says does not exist at that revision (dropped or
 * renamed away earlier, or never added to a table the history created). As for tables, only what
 * this migration's ancestors did counts: a column dropped on a sibling branch (aiida's django and
 * sqlalchemy branches drop the same columns each), or a table created there, says nothing about
 * the schema this migration runs on.
 */
import type { Action } from '../actions';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { columnOf, tableOf } from './shared/objectsNeeded';
import { ranBefore } from './shared/ranBefore';

export const unknownColumn: LintRule = {
  code: 'unknown-column',
  defaultSeverity: 'warning',
  title: 'Column does not exist at this revision',
  checkAction(action, context) {
    // A DO block's statement under a condition may not run: whether the object is there says nothing then.
    if (action.mayNotRun) return;
    if (action.kind === 'dml' && action.valuesNames) {
      const name = action.valuesNames[0];
      context.report(
        action.range,
        `column "${name}" does not exist: a name written as a value in INSERT ... VALUES refers to a column, and VALUES has no table to take it from (PostgreSQL fails with 42703); a string is written in single quotes ('${name}'), double quotes make a name in PostgreSQL`,
      );
      return;
    }
    for (const [table, column] of columnsNeeded(action)) {
      if (!context.schema.columnIsKnownMissing(table, column)) continue;
      const state = context.schema.table(table);
      const removedIn = state?.goneColumns.get(column);
      if (!ranBefore(removedIn ?? state?.createdIn, context)) continue;
      const why = removedIn !== undefined ? 'an earlier migration dropped or renamed it' : `the migrations that built ${quoted(table)} never added it`;
      // `USING "status::text::st"`: a whole expression in double quotes is one name in PostgreSQL.
      const quotedExpression = /::|[()\s]/.test(column) ? ` (in double quotes the whole text is one name; without them, ${column} is an expression)` : '';
      context.report(action.range, `column ${quoted(`${table}.${column}`)} does not exist at this revision: ${why}${quotedExpression}`);
      // One finding per statement: the first column PostgreSQL would stop at.
      return;
    }
  },
};

/**
 * Each (table, column) the action needs: the column an ALTER names, and the columns an index or a
 * constraint is made on (an index expression's columns too, and a foreign key's referenced ones),
 * which PostgreSQL looks up the same way (42703 when one is missing), and the columns an UPDATE
 * sets or an INSERT names.
 */
function columnsNeeded(action: Action): [string, string][] {
  if (action.kind === 'createIndex') return action.ifNotExists ? [] : action.columns.map((column) => [action.table, column]);
  if (action.kind === 'addConstraint') {
    const own = action.columns.map((column): [string, string] => [action.table, column]);
    const references = action.references;
    return references ? [...own, ...references.columns.map((column): [string, string] => [references.table, column])] : own;
  }
  // UPDATE's SET targets and INSERT's column list (a table PostgreSQL cannot find stops it first: unknown-table).
  if (action.kind === 'dml') return (action.columns ?? []).map((column) => [action.table, column]);
  // The altered column, and those its USING expression reads.
  if (action.kind === 'alterColumnType') return [[action.table, action.column], ...(action.usingColumns ?? []).filter((column) => column !== action.column).map((column): [string, string] => [action.table, column])];
  const column = columnOf(action);
  const table = tableOf(action);
  return column === undefined || table === undefined ? [] : [[table, column]];
}
