/**
 * The columns an action gives a type to (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE), for the
 * rules about column types that are usually a mistake in PostgreSQL.
 */
import type { Action, ColumnFacts, TypeFacts } from '../../actions';

/** The columns an action gives a type to, with the table they belong to. */
export function typedColumns(action: Action): { table: string; column: string; type: TypeFacts; facts?: ColumnFacts }[] {
  switch (action.kind) {
    case 'createTable':
      return action.columns.flatMap((column) => (column.type ? [{ table: action.table, column: column.name, type: column.type, facts: column }] : []));
    case 'addColumn':
      return action.column.type ? [{ table: action.table, column: action.column.name, type: action.column.type, facts: action.column }] : [];
    case 'alterColumnType':
      return [{ table: action.table, column: action.column, type: action.type }];
    default:
      return [];
  }
}
