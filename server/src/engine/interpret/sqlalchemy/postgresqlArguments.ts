/**
 * The `postgresql_*` keywords SQLAlchemy's PostgreSQL dialect accepts, per construct (its
 * `construct_arguments`, SQLAlchemy 2.0): any other raises ArgumentError when the construct is
 * made, so `alembic upgrade` fails there. A misspelt `postgresql_concurrent=True` is not a
 * concurrent index that happens to lack a word: Alembic refuses the whole migration.
 */
const ACCEPTED: Record<string, ReadonlySet<string>> = {
  Index: new Set(['using', 'include', 'where', 'ops', 'concurrently', 'with', 'tablespace', 'nulls_not_distinct']),
  Table: new Set(['ignore_search_path', 'tablespace', 'partition_by', 'with_oids', 'with', 'on_commit', 'inherits', 'using']),
  CheckConstraint: new Set(['not_valid']),
  ForeignKeyConstraint: new Set(['not_valid']),
  PrimaryKeyConstraint: new Set(['include']),
  UniqueConstraint: new Set(['include', 'nulls_not_distinct']),
};

export type PostgresqlConstruct = keyof typeof ACCEPTED;

/** SQLAlchemy's message for the first `postgresql_*` keyword the construct does not take, or undefined. */
export function refusedPostgresqlArgument(construct: PostgresqlConstruct, keywords: Iterable<string>): string | undefined {
  const accepted = ACCEPTED[construct];
  for (const key of keywords) {
    if (!key.startsWith('postgresql_')) continue;
    if (!accepted.has(key.slice('postgresql_'.length))) return `ArgumentError: Argument '${key}' is not accepted by dialect 'postgresql' on behalf of <class 'sqlalchemy.sql.schema.${construct}'>`;
  }
  return undefined;
}
