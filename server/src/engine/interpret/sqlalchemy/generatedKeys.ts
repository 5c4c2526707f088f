/**
 * The keys a single-row `table.insert()` gets back: SQLAlchemy compiles an INSERT of a full Table
 * (not `sa.table()`) on PostgreSQL with `RETURNING` for each primary-key column the statement does
 * not set but the database generates (the SERIAL or IDENTITY key, a server default, even a FetchedValue, a computed key), and inlines
 * `nextval('seq')` for a key with a Sequence (tasking-manager's `op.execute(categories.insert()
 * .values(name=...))` prints `... RETURNING mapping_issue_categories.id`). A key with a client-side
 * default is written with it (render/dml.ts): a Python one is a bind parameter (NULL offline) and
 * nothing comes back, a SQL expression is returned like a generated key. `implicit_returning=False`
 * changes what is written in ways not modelled, as does a default the engine does not know: `unknown`.
 */
import type { ColumnSpec, ConstraintSpec, TableRef } from '../../ops';
import { autoincrementColumn } from '../../render/columns';
import { primaryKeyOf } from '../../render/tables';

export function generatedKeys(columns: readonly ColumnSpec[], constraints: readonly ConstraintSpec[], implicitReturning: boolean): TableRef['generatedKeys'] {
  const keyNames = new Set(primaryKeyOf(columns, constraints).names);
  const primaryKey = columns.filter((column) => keyNames.has(column.name) || column.primaryKey);
  if (primaryKey.length === 0) return undefined;
  const foreign = new Set(constraints.flatMap((constraint) => (constraint.type === 'foreignKey' ? constraint.columns : [])));
  const serial = autoincrementColumn(primaryKey, (column) => column.foreignKeys.length > 0 || foreign.has(column.name));
  const keys: { column: string; nextval?: string }[] = [];
  for (const column of primaryKey) {
    const fallback = column.insertDefault;
    if (fallback?.kind === 'unknown') return { unknown: `the key ${column.name} has a default SQLAlchemy writes into the INSERT, and ${fallback.reason}`, columns: [column.name] };
    if (fallback?.kind === 'bound') continue;
    if (fallback?.kind === 'sql') {
      keys.push({ column: column.name });
      continue;
    }
    if (column.sequence !== undefined) keys.push({ column: column.name, nextval: column.sequence });
    else if (column === serial || column.identity !== undefined || column.serverDefault !== undefined || column.fetchedServerDefault || column.computed !== undefined) keys.push({ column: column.name });
  }
  if (keys.length > 0 && !implicitReturning) return { unknown: 'the Table has implicit_returning=False, and SQLAlchemy then writes the generated key as NULL', columns: keys.map((key) => key.column) };
  return keys.length > 0 ? keys : undefined;
}
