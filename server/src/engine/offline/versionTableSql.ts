/**
 * The statements Alembic issues against its version table in offline mode, as SQLAlchemy compiles
 * them for PostgreSQL (a `String(32)` column with a primary key constraint named `<table>_pkc`,
 * literal version values, `RETURNING` on insert).
 */
import type { VersionChange, VersionTable } from '../plan/types';
import { RenderState } from '../render/context';
import { qualifiedName as qualify, quoteIdentifier as quote } from '../render/identifiers';

// The version table's names hold no `%`, so the paramstyle does not matter here.
const state = new RenderState({ file: '' });
const quoteIdentifier = (name: string): string => quote(name, state);
const qualifiedName = (table: VersionTable): string => qualify(table.name, table.schema ?? undefined, state);

export function createVersionTableSql(table: VersionTable): string {
  return (
    `CREATE TABLE ${qualifiedName(table)} (\n` +
    `    version_num VARCHAR(32) NOT NULL, \n` +
    `    CONSTRAINT ${quoteIdentifier(`${table.name}_pkc`)} PRIMARY KEY (version_num)\n` +
    `)`
  );
}

export function versionChangeSql(table: VersionTable, change: VersionChange): string {
  const name = qualifiedName(table);
  switch (change.kind) {
    case 'insert':
      return `INSERT INTO ${name} (version_num) VALUES ('${change.version}') RETURNING ${name}.version_num`;
    case 'delete':
      return `DELETE FROM ${name} WHERE ${name}.version_num = '${change.version}'`;
    case 'update':
      return `UPDATE ${name} SET version_num='${change.to}' WHERE ${name}.version_num = '${change.from}'`;
  }
}
