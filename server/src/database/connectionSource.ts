/**
 * Finds the database URL of a run, first match wins: an explicit URL (`--url`), a named
 * connection (`--connection NAME`, from the `alembicLens.connections` setting or the CLI's
 * pyproject table), what env.py sets `sqlalchemy.url` to (read statically), then
 * `sqlalchemy.url` of the config file. When nothing is found, the error lists every place looked.
 */
import { DatabaseError } from './errors';
import { readEnvPyUrl } from './envPyUrl';

/** One entry of `alembicLens.connections` (and of `[tool.alembic-lens.connections.NAME]`). */
export interface NamedConnection {
  /** A URL without password; or, when absent, `urlEnv`. */
  url?: string;
  /** The name of an environment variable that holds the URL (it may hold a password). */
  urlEnv?: string;
  /** The name of an environment variable that holds the password. */
  passwordEnv?: string;
  /** Writes need the connection's name typed first (the editor asks; the CLI needs --yes NAME). */
  protected?: boolean;
  /** PostgreSQL interval text (`5s`) or milliseconds. */
  lockTimeout?: string | number;
  statementTimeout?: string | number;
}

export interface ConnectionQuery {
  url?: string;
  connectionName?: string;
  connections?: Readonly<Record<string, NamedConnection>>;
  /** Where `connections` came from, for messages (`pyproject.toml`, `settings`). */
  connectionsOrigin?: string;
  envPy?: { file: string; text: string };
  /** `sqlalchemy.url` as the config file gives it, `%(here)s` already interpolated. */
  configUrl?: { file: string; url: string };
  env: Readonly<Record<string, string | undefined>>;
  /** The `-x` arguments of the command line, in order (`key=value`, or `key` alone). */
  xArguments?: readonly string[];
}

/** Alembic's `get_x_argument(as_dictionary=True)`: split at the first `=`, later keys win. */
export function xArgumentDictionary(xArguments: readonly string[]): Map<string, string> {
  const dictionary = new Map<string, string>();
  for (const argument of xArguments) {
    const equals = argument.indexOf('=');
    dictionary.set(equals < 0 ? argument : argument.slice(0, equals), equals < 0 ? '' : argument.slice(equals + 1));
  }
  return dictionary;
}

export interface FoundConnection {
  url: string;
  /** Where the URL came from, for messages. */
  source: string;
  /** A password from outside the URL (a named connection's variable), applied after parsing. */
  password?: string;
  named?: NamedConnection & { name: string };
}

export function findConnection(query: ConnectionQuery): FoundConnection {
  const looked: string[] = [];
  if (query.url !== undefined) return { url: query.url, source: '--url' };
  looked.push('--url (not given)');

  if (query.connectionName !== undefined) {
    const named = query.connections?.[query.connectionName];
    if (!named) {
      const known = Object.keys(query.connections ?? {});
      throw new DatabaseError(
        'database-connection-unknown',
        `connection '${query.connectionName}' is not configured` +
          (query.connectionsOrigin ? ` in ${query.connectionsOrigin}` : '') +
          (known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (no connections are configured)'),
      );
    }
    const url = named.url ?? (named.urlEnv ? query.env[named.urlEnv] : undefined);
    if (url === undefined || url === '') {
      throw new DatabaseError(
        'database-url-not-found',
        `connection '${query.connectionName}' takes its URL from the environment variable ${named.urlEnv ?? '(none named)'}, which is not set`,
      );
    }
    const password = named.passwordEnv ? query.env[named.passwordEnv] : undefined;
    if (named.passwordEnv && password === undefined) {
      throw new DatabaseError(
        'database-connect-failed',
        `connection '${query.connectionName}' takes its password from the environment variable ${named.passwordEnv}, which is not set`,
      );
    }
    return { url, source: `connection '${query.connectionName}'`, password, named: { ...named, name: query.connectionName } };
  }
  looked.push('--connection (not given)');

  if (query.envPy) {
    const found = readEnvPyUrl(query.envPy.text);
    const where = `${query.envPy.file}:${'line' in found ? found.line : 0}`;
    switch (found.kind) {
      case 'literal':
        return { url: found.url, source: where };
      case 'environment': {
        const value = query.env[found.variable];
        if (value !== undefined && value !== '') return { url: value, source: `${where} (environment variable ${found.variable})` };
        if (found.fallback !== undefined) return { url: found.fallback, source: `${where} (default of ${found.variable})` };
        if (found.required) {
          // Alembic itself would stop here with KeyError: env.py needs the variable.
          throw new DatabaseError('database-url-not-found', `${where}: env.py reads the database URL from the environment variable ${found.variable}, which is not set`);
        }
        looked.push(`${where} (environment variable ${found.variable} is not set)`);
        break;
      }
      case 'x-argument': {
        const value = xArgumentDictionary(query.xArguments ?? []).get(found.key);
        if (value !== undefined && value !== '') return { url: value, source: `${where} (-x ${found.key})` };
        if (found.fallback !== undefined) return { url: found.fallback, source: `${where} (default of -x ${found.key})` };
        if (found.required) {
          // Alembic itself would stop here with KeyError: env.py needs the argument.
          throw new DatabaseError('database-url-not-found', `${where}: env.py reads the database URL from -x ${found.key}=URL, which was not given`);
        }
        looked.push(`${where} (-x ${found.key} was not given)`);
        break;
      }
      case 'unreadable':
        looked.push(`${where} (sets sqlalchemy.url to \`${found.expression}\`, which is not read statically)`);
        break;
      case 'none':
        looked.push(`${query.envPy.file} (does not set sqlalchemy.url)`);
    }
  }
  if (query.configUrl && query.configUrl.url.trim() !== '') return { url: query.configUrl.url, source: `${query.configUrl.file} sqlalchemy.url` };
  looked.push(query.configUrl ? `${query.configUrl.file} (sqlalchemy.url is empty)` : 'the config file (no sqlalchemy.url)');
  throw new DatabaseError('database-url-not-found', `no database URL found; looked at:\n  ${looked.join('\n  ')}`);
}
