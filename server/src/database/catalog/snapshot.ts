/**
 * Reads a CatalogSnapshot from a live connection with one query per kind of object, from
 * pg_catalog (information_schema hides objects the user does not own and loses detail such as
 * identity options). System schemas are left out, and so are tables the caller names (the version
 * table) together with their constraints, indexes and owned sequences. Works on PostgreSQL 12+
 * and on PGlite.
 */
import type { Session } from '../session';
import type { CatalogSnapshot, ColumnInfo, SnapshotOptions, TableInfo } from './types';

const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
const TABLE_KINDS: Record<string, string> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };

const SCHEMAS_SQL = `
SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace n WHERE ${USER_SCHEMA} ORDER BY 1`;

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMA} ORDER BY 1, 2`;

const COLUMNS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable, a.attidentity AS identity, a.attgenerated AS generated,
       pg_get_expr(d.adbin, d.adrelid) AS expr, col_description(c.oid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMA}
ORDER BY 1, 2, a.attnum`;

// NOT NULL constraints (contype 'n', catalogued since PostgreSQL 18, which PGlite may be) are
// the columns' nullability, compared there: listing them would make every drift check between
// versions report them.
const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${USER_SCHEMA} AND con.contype <> 'n' ORDER BY 1, 2, 3`;

// Indexes that back a constraint are part of the constraint (its definition says the same).
const INDEXES_SQL = `
SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS definition,
       obj_description(i.oid, 'pg_class') AS comment
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE ${USER_SCHEMA} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.oid AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 3`;

const SEQUENCES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
       s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle,
       (SELECT tn.nspname || '.' || t.relname || '.' || a.attname
          FROM pg_depend dep JOIN pg_class t ON t.oid = dep.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = dep.refobjsubid
         WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass
           AND dep.deptype IN ('a', 'i') LIMIT 1) AS owned_by
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${USER_SCHEMA} ORDER BY 1, 2`;

const ENUMS_SQL = `
SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE ${USER_SCHEMA} GROUP BY 1, 2, 4 ORDER BY 1, 2`;

type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);
const optional = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

function labelsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  // pg returns text[] as a JavaScript array; a driver that does not gives the literal `{a,b}`.
  const literal = String(value ?? '');
  return literal.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((label) => label.replace(/^"|"$/g, ''));
}

function columnOf(row: Row): ColumnInfo {
  const identity = row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by default' : undefined;
  const generated = row.generated === 's' ? optional(row.expr) : undefined;
  return {
    name: text(row.name),
    type: text(row.type),
    nullable: row.nullable === true,
    default: generated === undefined ? optional(row.expr) : undefined,
    identity,
    generated,
    comment: optional(row.comment),
  };
}

export async function readCatalog(session: Session, options: SnapshotOptions = {}): Promise<CatalogSnapshot> {
  const [schemas, tables, columns, constraints, indexes, sequences, enums] = [
    await session.query(SCHEMAS_SQL),
    await session.query(TABLES_SQL),
    await session.query(COLUMNS_SQL),
    await session.query(CONSTRAINTS_SQL),
    await session.query(INDEXES_SQL),
    await session.query(SEQUENCES_SQL),
    await session.query(ENUMS_SQL),
  ];
  const ignored = (schema: unknown, table: unknown) =>
    (options.ignoreTables ?? []).some((skip) => skip.name === table && (skip.schema ?? 'public') === schema);
  const byTable = new Map<string, TableInfo>();
  const snapshot: CatalogSnapshot = {
    schemas: schemas.rows.map((row) => ({ name: text(row.name), comment: optional(row.comment) })),
    tables: [],
    constraints: constraints.rows
      .filter((row) => !ignored(row.schema, row.table))
      .map((row) => ({ schema: text(row.schema), table: text(row.table), name: text(row.name), definition: text(row.definition), comment: optional(row.comment) })),
    indexes: indexes.rows
      .filter((row) => !ignored(row.schema, row.table))
      .map((row) => ({ schema: text(row.schema), table: text(row.table), name: text(row.name), definition: text(row.definition), comment: optional(row.comment) })),
    sequences: sequences.rows
      .filter((row) => {
        const owner = optional(row.owned_by)?.split('.');
        return !owner || !ignored(owner[0], owner[1]);
      })
      .map((row) => ({
        schema: text(row.schema),
        name: text(row.name),
        type: text(row.type),
        start: text(row.start),
        increment: text(row.increment),
        min: text(row.min),
        max: text(row.max),
        cycle: row.cycle === true,
        ownedBy: optional(row.owned_by),
      })),
    enums: enums.rows.map((row) => ({ schema: text(row.schema), name: text(row.name), labels: labelsOf(row.labels), comment: optional(row.comment) })),
  };
  for (const row of tables.rows) {
    if (ignored(row.schema, row.name)) continue;
    const table: TableInfo = {
      schema: text(row.schema),
      name: text(row.name),
      kind: TABLE_KINDS[text(row.kind)] ?? text(row.kind),
      columns: [],
      comment: optional(row.comment),
      definition: optional(row.definition),
    };
    byTable.set(`${table.schema}.${table.name}`, table);
    snapshot.tables.push(table);
  }
  for (const row of columns.rows) byTable.get(`${text(row.schema)}.${text(row.table)}`)?.columns.push(columnOf(row));
  return snapshot;
}
