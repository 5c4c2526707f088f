/**
 * Which database an environment's `sqlalchemy.url` names, as far as the safety lint cares: its
 * rules judge locks, rewrites and SQL as PostgreSQL does, so an environment configured for
 * another database (SQLite's `PRAGMA`, MySQL's backquotes) would get findings that are wrong
 * there. Only a URL whose dialect is known to be another database counts: no URL (env.py builds
 * it, as Flask-Migrate's and most applications' do), a placeholder (`driver://`, the `alembic init`
 * template's), an interpolation or an unknown name leaves the environment linted as PostgreSQL.
 */
import { dialectOfUrl } from '../database/sqlalchemyUrl';
import { readEnvPyUrl } from '../database/envPyUrl';

/** SQLAlchemy's dialect names (the URL's scheme before `+driver`) of databases other than PostgreSQL. */
const OTHER_DIALECTS = new Set(['sqlite', 'mysql', 'mariadb', 'mssql', 'oracle', 'firebird', 'sybase', 'duckdb', 'snowflake', 'bigquery', 'clickhouse', 'databricks', 'trino', 'awsathena', 'teradatasql', 'ibm_db_sa', 'db2', 'access', 'hana', 'spanner', 'vertica', 'exa', 'crate']);

/**
 * The other database an environment migrates (`fromEnvPy`: as env.py sets it). When env.py sets
 * `sqlalchemy.url` itself (envPyUrl.ts), the ini's value is not the database migrated (a
 * placeholder, or a developer's SQLite file beside `config.set_main_option("sqlalchemy.url",
 * os.environ[...])`): the URL env.py writes decides, or the scheme its expression starts with
 * (`"sqlite:///" + path`), and a value from elsewhere (the environment, `-x`, settings) is taken
 * for PostgreSQL.
 */
export function otherDialectOfEnvironment(iniUrl: string | undefined, envPyText: string | undefined): { dialect: string; fromEnvPy: boolean } | undefined {
  const own = envPyText === undefined ? undefined : readEnvPyUrl(envPyText);
  if (own === undefined || own.kind === 'none') {
    const dialect = otherDialectOf(iniUrl);
    return dialect === undefined ? undefined : { dialect, fromEnvPy: false };
  }
  const written = own.kind === 'literal' ? own.url : own.kind === 'unreadable' ? WRITTEN_SCHEME.exec(own.expression)?.[1] : undefined;
  const dialect = otherDialectOf(written);
  return dialect === undefined ? undefined : { dialect, fromEnvPy: true };
}

/** A string the expression starts with that names a scheme: `f"sqlite:///{path}"`, `"sqlite:///" + path`. */
const WRITTEN_SCHEME = /^[fFrRuU]{0,2}['"]([A-Za-z][\w+.-]*:\/\/)/;

/** The other database's dialect name, or undefined when the URL names PostgreSQL or nothing certain. */
export function otherDialectOf(url: string | undefined): string | undefined {
  const dialect = url === undefined ? undefined : dialectOfUrl(url)?.toLowerCase();
  return dialect !== undefined && OTHER_DIALECTS.has(dialect) ? dialect : undefined;
}
