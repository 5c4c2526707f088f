/**
 * A Column's `key=`: SQLAlchemy files the column under its key in `table.c`, so Python code
 * (`t.c.kk`, `values(kk=...)`, bulk_insert rows) names it by the key while the SQL prints its
 * name. `sa.column()` and a Column without `key=` have their name as key.
 */
import type { TableRef } from '../ops';

type TableColumn = TableRef['columns'][number];

export function columnKey(column: TableColumn): string {
  return column.key ?? column.name;
}

/** The column filed under `key`, if any. */
export function columnOfKey(table: TableRef, key: string): TableColumn | undefined {
  return table.columns.find((column) => columnKey(column) === key);
}

/** A column whose name is `name` but whose key is another: Python code cannot name it so (KeyError, AttributeError, "Unconsumed column names"). */
export function isHiddenName(table: TableRef, name: string): boolean {
  return columnOfKey(table, name) === undefined && table.columns.some((column) => column.name === name);
}
