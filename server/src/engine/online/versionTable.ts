/**
 * The version table as Alembic uses it online: read its rows (`get_current_heads`), create it when
 * missing (`_ensure_version_table`: SQLAlchemy's `create(checkfirst=True)`, so the same DDL as the
 * offline emitter prints: `version_num VARCHAR(32) NOT NULL`, primary key `<table>_pkc`), and
 * `--purge` (delete every row). The row changes of a step are the offline emitter's statements.
 */
import type { VersionTable } from '../plan/types';
import { createVersionTableSql } from '../offline/versionTableSql';
import type { Session } from '../../database/session';

export function qualifiedVersionTable(table: VersionTable): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return table.schema ? `${quote(table.schema)}.${quote(table.name)}` : quote(table.name);
}

export async function versionTableExists(session: Session, table: VersionTable): Promise<boolean> {
  const result = await session.query(
    table.schema
      ? `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`
      : `SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    table.schema ? [table.name, table.schema] : [table.name],
  );
  return result.rows.length > 0;
}

/** Every row of the version table, in the table's order (empty when the table does not exist). */
export async function readVersionRows(session: Session, table: VersionTable): Promise<string[]> {
  if (!(await versionTableExists(session, table))) return [];
  const result = await session.query(`SELECT version_num FROM ${qualifiedVersionTable(table)}`);
  return result.rows.map((row) => String(row.version_num));
}

export async function ensureVersionTable(session: Session, table: VersionTable): Promise<void> {
  if (!(await versionTableExists(session, table))) await session.query(createVersionTableSql(table));
}

export async function purgeVersionTable(session: Session, table: VersionTable): Promise<void> {
  await ensureVersionTable(session, table);
  await session.query(`DELETE FROM ${qualifiedVersionTable(table)}`);
}
