/**
 * The `<dialect>_<argument>` keywords SQLAlchemy's bundled dialects accept, per construct (their
 * `construct_arguments`, SQLAlchemy 2.1): any other raises ArgumentError when the construct is
 * made, so `alembic upgrade` fails there, whichever database it runs against. A misspelt
 * `postgresql_concurrent=True` is not a concurrent index that happens to lack a word: Alembic
 * refuses the whole migration. A dialect SQLAlchemy cannot load (not installed) only warns.
 */
/** A construct a dialect lists nothing for takes none of its keywords (PostgreSQL's Column). */
const POSTGRESQL: Partial<Record<DialectConstruct, ReadonlySet<string>>> = {
  Index: new Set(['using', 'include', 'where', 'ops', 'concurrently', 'with', 'tablespace', 'nulls_not_distinct', 'invalid']),
  Table: new Set(['ignore_search_path', 'tablespace', 'partition_by', 'with_oids', 'with', 'on_commit', 'inherits', 'using']),
  CheckConstraint: new Set(['not_valid']),
  ForeignKeyConstraint: new Set(['not_valid']),
  PrimaryKeyConstraint: new Set(['include']),
  UniqueConstraint: new Set(['include', 'nulls_not_distinct']),
};
const MYSQL: Partial<Record<DialectConstruct, ReadonlySet<string> | 'any'>> = {
  Table: 'any',
  PrimaryKeyConstraint: new Set(['using']),
  Index: new Set(['length', 'prefix', 'using', 'with_parser']),
};
/** SQLite's `on_conflict` is declared for every Constraint. */
const SQLITE_CONSTRAINT = new Set(['on_conflict']);
const DIALECTS: Record<string, Partial<Record<DialectConstruct, ReadonlySet<string> | 'any'>>> = {
  postgresql: POSTGRESQL,
  mysql: MYSQL,
  mariadb: MYSQL,
  sqlite: {
    Table: new Set(['autoincrement', 'strict', 'with_rowid']),
    Index: new Set(['where']),
    CheckConstraint: SQLITE_CONSTRAINT,
    ForeignKeyConstraint: SQLITE_CONSTRAINT,
    PrimaryKeyConstraint: SQLITE_CONSTRAINT,
    UniqueConstraint: SQLITE_CONSTRAINT,
    Column: new Set(['on_conflict_not_null', 'on_conflict_primary_key', 'on_conflict_unique']),
  },
  mssql: {
    PrimaryKeyConstraint: new Set(['clustered']),
    UniqueConstraint: new Set(['clustered']),
    Index: new Set(['clustered', 'columnstore', 'include', 'where']),
    Column: new Set(['identity_increment', 'identity_start']),
  },
  oracle: {
    Table: new Set(['compress', 'on_commit', 'resolve_synonyms', 'tablespace']),
    Index: new Set(['bitmap', 'compress', 'vector']),
  },
};

export type DialectConstruct = 'Index' | 'Table' | 'Column' | 'CheckConstraint' | 'ForeignKeyConstraint' | 'PrimaryKeyConstraint' | 'UniqueConstraint';

/**
 * The keywords each construct's own signature takes (SQLAlchemy 2.0); every other keyword goes to
 * `**dialect_kw`, which must be named `<dialectname>_<argument>` (at least one character on each
 * side of an underscore) or SQLAlchemy raises TypeError. Table's own are checked in
 * operations/tables.ts.
 */
const OWN_KEYWORDS: Partial<Record<DialectConstruct, ReadonlySet<string>>> = {
  Index: new Set(['name', 'unique', 'quote', 'info']),
  CheckConstraint: new Set(['sqltext', 'name', 'deferrable', 'initially', 'table', 'info']),
  ForeignKeyConstraint: new Set(['columns', 'refcolumns', 'name', 'onupdate', 'ondelete', 'deferrable', 'initially', 'use_alter', 'link_to_name', 'match', 'table', 'info', 'comment']),
  PrimaryKeyConstraint: new Set(['name', 'deferrable', 'initially', 'info']),
  UniqueConstraint: new Set(['name', 'deferrable', 'initially', 'info']),
};

/**
 * SQLAlchemy's message for the first keyword the construct refuses, or undefined: one that is
 * neither its own nor named `<dialect>_<argument>` (TypeError), or one a bundled dialect does
 * not take (ArgumentError).
 */
export function refusedDialectArgument(construct: DialectConstruct, keywords: Iterable<string>): string | undefined {
  const own = OWN_KEYWORDS[construct];
  // SQLAlchemy's `re.match(r"^(.+?)_(.+)$", key)`.
  const given = [...keywords];
  const unnamed = own && given.find((key) => !own.has(key) && !/^.+?_.+$/s.test(key));
  if (unnamed !== undefined) return `TypeError: Additional arguments should be named <dialectname>_<argument>, got '${unnamed}'`;
  for (const key of given) {
    // SQLAlchemy splits at the first underscore: `postgresql_not_valid` is postgresql's `not_valid`.
    const split = /^(.+?)_(.+)$/s.exec(key);
    const dialect = split && Object.hasOwn(DIALECTS, split[1]) ? DIALECTS[split[1]] : undefined;
    if (!split || !dialect) continue;
    const accepted = dialect[construct];
    if (accepted !== 'any' && !accepted?.has(split[2])) return `ArgumentError: Argument '${key}' is not accepted by dialect '${split[1]}' on behalf of <class 'sqlalchemy.sql.schema.${construct}'>`;
  }
  return undefined;
}
