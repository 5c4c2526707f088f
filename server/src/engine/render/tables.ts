/**
 * The table SQLAlchemy builds around columns: which columns form the key, which one is the
 * autoincrement column, and the constraints and indexes that column flags (`unique=True`,
 * `index=True`, `sa.ForeignKey`) produce, in the order SQLAlchemy creates them.
 */
import type { ColumnSpec, ConstraintSpec, IndexSpec, PrimaryKeyConstraintSpec } from '../ops';
import { autoincrementOf } from './columns';
import { foreignKeyFromColumn } from './constraints';

export interface TableShape {
  primaryKey?: PrimaryKeyConstraintSpec;
  primaryKeyNames: Set<string>;
  autoincrement?: ColumnSpec;
  /** SQLAlchemy's ArgumentError over the key's autoincrement=True columns, raised when the DDL is compiled. */
  autoincrementProblem?: string;
  /** Explicit constraints first (they were created before the table), then column-derived ones. */
  constraints: ConstraintSpec[];
  indexes: IndexSpec[];
}

/**
 * A Table's primary key: the last PrimaryKeyConstraint given (as Table.primary_key, a later one
 * replaces an earlier one; one with only a name takes the flagged columns), else the columns
 * flagged `primary_key=True`, in the order written.
 */
export function primaryKeyOf(columns: readonly ColumnSpec[], constraints: readonly ConstraintSpec[]): { explicit?: PrimaryKeyConstraintSpec; names: string[] } {
  const explicit = [...constraints].reverse().find((c): c is PrimaryKeyConstraintSpec => c.type === 'primaryKey');
  const names = explicit && explicit.columns.length > 0 ? explicit.columns : columns.filter((column) => column.primaryKey).map((column) => column.name);
  return explicit ? { explicit, names } : { names };
}

export function tableShape(
  table: string,
  columns: ColumnSpec[],
  explicitConstraints: ConstraintSpec[],
  explicitIndexes: IndexSpec[],
  primaryKeyName?: string,
): TableShape {
  const { explicit: explicitKey, names: keyNames } = primaryKeyOf(columns, explicitConstraints);
  const primaryKeyNames = new Set(keyNames);
  const keyColumns = keyNames
    .map((name) => columns.find((column) => column.name === name))
    .filter((column): column is ColumnSpec => column !== undefined);

  const constraints: ConstraintSpec[] = explicitConstraints.filter((c) => c.type !== 'primaryKey');
  const indexes: IndexSpec[] = [...explicitIndexes];
  for (const column of columns) {
    if (column.index) {
      indexes.push({ name: column.indexName ?? `ix_${table}_${column.name}`, columns: [column.name], unique: column.unique === true, dialectOptions: {} });
    } else if (column.unique) {
      constraints.push({ type: 'unique', columns: [column.name], dialectOptions: {}, ...(column.uniqueName !== undefined ? { name: column.uniqueName } : {}) });
    }
    // The type's attach listener runs before the foreign keys' (Column() sets its type before its other arguments).
    constraints.push(...(column.tableChecks ?? []));
    for (const ref of column.foreignKeys) constraints.push(foreignKeyFromColumn(column.name, ref));
  }

  const referencing = new Set(
    constraints.flatMap((constraint) => (constraint.type === 'foreignKey' ? constraint.columns : [])),
  );
  const { column: autoincrement, problem: autoincrementProblem } = autoincrementOf(keyColumns, (column) => referencing.has(column.name));

  let primaryKey: PrimaryKeyConstraintSpec | undefined;
  if (keyNames.length > 0) {
    // SQLAlchemy lists the autoincrement column first in a composite key it made from the
    // columns' primary_key=True (columns_autoinc_first); a PrimaryKeyConstraint given keeps its order.
    const ordered =
      autoincrement && keyNames.length > 1 && !explicitKey ? [autoincrement.name, ...keyNames.filter((n) => n !== autoincrement.name)] : keyNames;
    primaryKey = explicitKey
      ? { ...explicitKey, columns: ordered }
      : { type: 'primaryKey', columns: ordered, dialectOptions: {}, ...(primaryKeyName !== undefined ? { name: primaryKeyName } : {}) };
  }
  return { primaryKey, primaryKeyNames, autoincrement, ...(autoincrementProblem !== undefined ? { autoincrementProblem } : {}), constraints, indexes };
}
