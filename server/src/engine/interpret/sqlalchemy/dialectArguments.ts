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

/**
 * The keywords each construct's own signature takes (SQLAlchemy 2.0); every other keyword goes to
 * `**dialect_kw`, which must be named `<dialectname>_<argument>` (at least one character on each
 * side of an underscore) or SQLAlchemy raises TypeError. Table's own are checked in
 * operations/tables.ts.
 */
const OWN_KEYWORDS: Partial<Record<PostgresqlConstruct, ReadonlySet<string>>> = {
  Index: new Set(['name', 'unique', 'quote', 'info']),
  CheckConstraint: new Set(['sqltext', 'name', 'deferrable', 'initially', 'table', 'info']),
  ForeignKeyConstraint: new Set(['columns', 'refcolumns', 'name', 'onupdate', 'ondelete', 'deferrable', 'initially', 'use_alter', 'link_to_name', 'match', 'table', 'info', 'comment']),
  PrimaryKeyConstraint: new Set(['name', 'deferrable', 'initially', 'info']),
  UniqueConstraint: new Set(['name', 'deferrable', 'initially', 'info']),
};

/**
 * SQLAlchemy's message for the first keyword the construct refuses, or undefined: one that is
 * neither its own nor named `<dialect>_<argument>` (TypeError), or a `postgresql_*` one the
 * PostgreSQL dialect does not take (ArgumentError).
 */
export function refusedPostgresqlArgument(construct: PostgresqlConstruct, keywords: Iterable<string>): string | undefined {
  const accepted = ACCEPTED[construct];
  const own = OWN_KEYWORDS[construct];
  // SQLAlchemy's `re.match(r"^(.+?)_(.+)$", key)`.
  const given = [...keywords];
  const unnamed = own && given.find((key) => !own.has(key) && !/^.+?_.+$/s.test(key));
  if (unnamed !== undefined) return `TypeError: Additional arguments should be named <dialectname>_<argument>, got '${unnamed}'`;
  for (const key of given) {
    if (!key.startsWith('postgresql_')) continue;
    if (!accepted.has(key.slice('postgresql_'.length))) return `ArgumentError: Argument '${key}' is not accepted by dialect 'postgresql' on behalf of <class 'sqlalchemy.sql.schema.${construct}'>`;
  }
  return undefined;
}
