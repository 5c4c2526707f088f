/**
 * SQLAlchemy's `checkfirst` on a live run: before `ENUM.create(bind)` / `.drop(bind)` it asks the
 * catalog whether the type exists (the PostgreSQL dialect's `has_type`) and skips the DDL when it
 * would be pointless. Without a schema, any type visible on the search path outside pg_catalog
 * counts; with one, a type of that name in that schema.
 */
import type { Session } from '../../database/session';
import type { CatalogGuard } from './onlineCompiler';

const TYPE_EXISTS =
  'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace ' +
  "WHERE t.typname = $1 AND CASE WHEN $2::text IS NULL THEN pg_catalog.pg_type_is_visible(t.oid) AND n.nspname <> 'pg_catalog' ELSE n.nspname = $2::text END) AS found";

/** Whether the guarded statement runs: the type's existence is what the guard asks for. */
export async function guardAllows(session: Session, guard: CatalogGuard): Promise<boolean> {
  const result = await session.query(TYPE_EXISTS, [guard.type, guard.schema ?? null]);
  return (result.rows[0]?.found === true) === guard.exists;
}

/**
 * The guarded statement as one statement that asks the catalog itself (a DO block), for a caller
 * that sends statements without reading answers between them (the lock trace).
 */
export function guardedStatementSql(sql: string, guard: CatalogGuard): string {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const schemaTest = guard.schema === undefined ? "pg_catalog.pg_type_is_visible(t.oid) AND n.nspname <> 'pg_catalog'" : `n.nspname = ${literal(guard.schema)}`;
  const exists = `EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = ${literal(guard.type)} AND ${schemaTest})`;
  let tag = '$guard$';
  for (let counter = 0; sql.includes(tag); counter++) tag = `$guard${counter}$`;
  return `DO ${tag} BEGIN IF ${guard.exists ? '' : 'NOT '}${exists} THEN ${sql.replace(/[\s;]+$/, '')}; END IF; END ${tag}`;
}
