/** Terse constructors for operation values, so golden cases read like the Python they mirror. */
import type {
  CheckConstraintSpec,
  ColumnSpec,
  ConstraintSpec,
  ExcludeConstraintSpec,
  ForeignKeyConstraintSpec,
  ForeignKeyRef,
  IndexSpec,
  Literal,
  PrimaryKeyConstraintSpec,
  SqlExpr,
  SqlType,
  TableRef,
  UniqueConstraintSpec,
} from '../../../server/src/engine/ops';

type Arg = Literal | SqlType;

/** `sa.Name(*args, **kwargs)`. */
export function sa(name: string, args: Arg[] = [], kwargs: { [key: string]: Arg } = {}): SqlType {
  return { name, module: 'sa', args, kwargs };
}
/** `postgresql.Name(*args, **kwargs)`. */
export function pg(name: string, args: Arg[] = [], kwargs: { [key: string]: Arg } = {}): SqlType {
  return { name, module: 'postgresql', args, kwargs };
}

export const text = (sql: string): SqlExpr => ({ kind: 'text', sql });
export const lit = (value: Literal): SqlExpr => ({ kind: 'literal', value });
export const fn = (name: string, ...args: SqlExpr[]): SqlExpr => ({ kind: 'function', name, args });
export const litCol = (sql: string): SqlExpr => ({ kind: 'literalColumn', sql });
export const colRef = (name: string, table?: string, schema?: string): SqlExpr => ({ kind: 'column', name, ...(table ? { table } : {}), ...(schema ? { schema } : {}) });
export const bin = (left: SqlExpr, operator: string, right: SqlExpr): SqlExpr => ({ kind: 'binary', operator, left, right });

export function col(name: string, type: SqlType | undefined, options: Partial<ColumnSpec> = {}): ColumnSpec {
  return { name, type, primaryKey: false, foreignKeys: [], checks: [], ...options };
}
export function fkRef(target: string, options: Partial<ForeignKeyRef> = {}): ForeignKeyRef {
  return { target, ...options };
}

export function pk(columns: string[], options: Partial<PrimaryKeyConstraintSpec> = {}): PrimaryKeyConstraintSpec {
  return { type: 'primaryKey', columns, dialectOptions: {}, ...options };
}
export function uq(columns: string[], options: Partial<UniqueConstraintSpec> = {}): UniqueConstraintSpec {
  return { type: 'unique', columns, dialectOptions: {}, ...options };
}
export function ck(sql: string | SqlExpr, options: Partial<CheckConstraintSpec> = {}): CheckConstraintSpec {
  return { type: 'check', sql: typeof sql === 'string' ? lit(sql) : sql, dialectOptions: {}, ...options };
}
export function fk(
  columns: string[],
  referredTable: string,
  referredColumns: string[],
  options: Partial<ForeignKeyConstraintSpec> = {},
): ForeignKeyConstraintSpec {
  return { type: 'foreignKey', columns, referredTable, referredColumns, dialectOptions: {}, ...options };
}
export function ex(elements: [SqlExpr, string][], options: Partial<ExcludeConstraintSpec> = {}): ExcludeConstraintSpec {
  return { type: 'exclude', elements: elements.map(([expr, operator]) => ({ expr, operator })), dialectOptions: {}, ...options };
}
export function idx(name: string, columns: (string | SqlExpr)[], options: Partial<IndexSpec> = {}): IndexSpec & { name: string } {
  return { name, columns, unique: false, dialectOptions: {}, ...options };
}
export function tableRef(name: string, columns: [string, SqlType?][], schema?: string): TableRef {
  return { name, ...(schema ? { schema } : {}), columns: columns.map(([column, type]) => ({ name: column, ...(type ? { type } : {}) })) };
}

export type { ConstraintSpec };
