/**
 * A database's catalog as data: what a migration history creates (schemas, tables, columns,
 * constraints, indexes, sequences, enum types, views, comments), without data or physical detail
 * (OIDs, storage, owners). Read by snapshot.ts, compared by diff.ts; shared by `roundtrip`, `drift`
 * and anything else that needs to know what a database holds.
 */

export interface ColumnInfo {
  name: string;
  /** `format_type()`: `character varying(80)`, `bigint`, `billing.invoice_status`. */
  type: string;
  nullable: boolean;
  /** `pg_get_expr()` of the default, when there is one (identity columns have none). */
  default: string | undefined;
  /** `always` / `by default` for identity columns. */
  identity: 'always' | 'by default' | undefined;
  /** The expression of a stored generated column. */
  generated: string | undefined;
  comment: string | undefined;
}

export interface TableInfo {
  schema: string;
  name: string;
  /** `table`, `partitioned table`, `view`, `materialized view`, `foreign table`. */
  kind: string;
  columns: ColumnInfo[];
  comment: string | undefined;
  /** The view's query (`pg_get_viewdef`), for views. */
  definition: string | undefined;
}

export interface ConstraintInfo {
  schema: string;
  table: string;
  name: string;
  /** `pg_get_constraintdef()`: `PRIMARY KEY (id)`, `CHECK ((total >= (0)::numeric))`. */
  definition: string;
  comment: string | undefined;
}

export interface IndexInfo {
  schema: string;
  table: string;
  name: string;
  /** `pg_get_indexdef()`. */
  definition: string;
  comment: string | undefined;
}

export interface SequenceInfo {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** `schema.table.column` when the sequence belongs to a column (serial, identity). */
  ownedBy: string | undefined;
}

export interface EnumInfo {
  schema: string;
  name: string;
  /** In sort order: the order values compare in, which `ALTER TYPE ... ADD VALUE BEFORE` changes. */
  labels: string[];
  comment: string | undefined;
}

export interface CatalogSnapshot {
  schemas: { name: string; comment: string | undefined }[];
  tables: TableInfo[];
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  sequences: SequenceInfo[];
  enums: EnumInfo[];
}

/** What to leave out: the version table (Alembic's bookkeeping, not the schema). */
export interface SnapshotOptions {
  ignoreTables?: readonly { schema: string | null; name: string }[];
}
