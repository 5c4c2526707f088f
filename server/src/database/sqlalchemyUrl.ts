/**
 * Reads a SQLAlchemy database URL (`dialect+driver://user:password@host:port/database?query`) the
 * way SQLAlchemy's `make_url` splits it, and turns a PostgreSQL one into `pg` client settings.
 * The online engine talks to PostgreSQL through `pg` whatever driver the URL names (psycopg2,
 * psycopg, asyncpg, pg8000 all speak the same wire protocol), so the driver only decides which
 * spelling of the TLS option is read. Fields the URL leaves out stay undefined, so `pg` applies
 * the PG* environment variables and ~/.pgpass exactly as it does for any client.
 */
import * as fs from 'node:fs';
import { DatabaseError } from './errors';

export interface PgSettings {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** libpq's `options` (e.g. `-csearch_path=app`). */
  options?: string;
  application_name?: string;
  connectionTimeoutMillis?: number;
  /** false: plain TCP; an object: TLS with these node:tls options. Undefined: pg's default (PGSSLMODE). */
  ssl?: false | { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string; checkServerIdentity?: () => undefined };
}

export interface ParsedDatabaseUrl {
  /** `postgresql` (a `postgres://` URL is read as PostgreSQL too). */
  dialect: 'postgresql';
  /** `psycopg2` when the URL names none (SQLAlchemy's default PostgreSQL driver). */
  driver: string;
  settings: PgSettings;
  /** The URL as it may be shown: the password replaced by `***`. */
  redacted: string;
  /** Query options that were not understood, shown as a warning (they are not passed on). */
  ignoredOptions: string[];
}

const KNOWN_DRIVERS = new Set(['psycopg2', 'psycopg', 'psycopg2cffi', 'asyncpg', 'pg8000']);

/** SQLAlchemy's URL pattern (sqlalchemy/engine/url.py, `_parse_url`), as a JavaScript RegExp. */
const URL_PATTERN =
  /^(?<name>[\w+]+):\/\/(?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?(?:(?:\[(?<ipv6host>[^/?]+)\]|(?<ipv4host>[^/:?]+))?(?::(?<port>[^/?]*))?)?(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?$/s;

function unquote(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // Python's unquote leaves malformed escapes as they are.
  }
}

/** Python's `parse_qsl`: `+` is a space, every value percent-decoded, the last value of a key wins here. */
function parseQuery(query: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = unquote((equals < 0 ? pair : pair.slice(0, equals)).replace(/\+/g, ' '));
    const value = equals < 0 ? '' : unquote(pair.slice(equals + 1).replace(/\+/g, ' '));
    options.set(key, value);
  }
  return options;
}

/** The URL with its password (and any `password=` query option) replaced by `***`. */
export function redactUrl(url: string): string {
  const match = URL_PATTERN.exec(url.trim());
  let text = url;
  if (match?.groups?.password !== undefined) {
    const { name, username } = match.groups;
    const prefix = `${name}://${username ?? ''}:`;
    const start = url.indexOf(prefix);
    if (start >= 0) {
      const passwordStart = start + prefix.length;
      text = url.slice(0, passwordStart) + '***' + url.slice(passwordStart + match.groups.password.length);
    }
  }
  return text.replace(/([?&]password=)[^&]*/gi, '$1***');
}

function readCertificate(file: string, option: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatabaseError('database-url-invalid', `cannot read ${option} file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** libpq's sslmode values mapped to node:tls options (pg cannot fall back from TLS to plain TCP). */
function sslFromOptions(options: Map<string, string>, consumed: Set<string>): PgSettings['ssl'] {
  // asyncpg spells it `ssl=require`; psycopg and pg8000 take libpq's `sslmode`.
  const mode = options.get('sslmode') ?? options.get('ssl');
  if (mode === undefined) return undefined;
  consumed.add('sslmode').add('ssl');
  const files: { ca?: string; cert?: string; key?: string } = {};
  for (const [option, field] of [['sslrootcert', 'ca'], ['sslcert', 'cert'], ['sslkey', 'key']] as const) {
    const file = options.get(option);
    if (file !== undefined) {
      consumed.add(option);
      files[field] = readCertificate(file, option);
    }
  }
  switch (mode) {
    case 'disable':
    case 'allow':
    case 'prefer':
    case 'false':
      return false;
    case 'require':
    case 'true':
      // libpq's `require` encrypts without checking the certificate, unless a root certificate is given.
      return files.ca ? { rejectUnauthorized: true, ...files, checkServerIdentity: () => undefined } : { rejectUnauthorized: false, ...files };
    case 'verify-ca':
      return { rejectUnauthorized: true, ...files, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ...files };
    default:
      throw new DatabaseError('database-url-invalid', `unknown sslmode '${mode}' (expected disable, allow, prefer, require, verify-ca or verify-full)`);
  }
}

function parsePort(text: string, what: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new DatabaseError('database-url-invalid', `invalid port '${text}' in ${what}`);
  return port;
}

/** The dialect a SQLAlchemy URL names (`postgresql` of `postgresql+psycopg2://...`), or undefined when it is not a URL. */
export function dialectOfUrl(url: string): string | undefined {
  return URL_PATTERN.exec(url.trim())?.groups?.name.split('+', 1)[0];
}

/**
 * Parses a SQLAlchemy URL for the online engine. Throws a DatabaseError (never showing the
 * password) for a malformed URL, an unknown driver, or a database other than PostgreSQL.
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  const redacted = redactUrl(url.trim());
  const match = URL_PATTERN.exec(url.trim());
  if (!match?.groups) throw new DatabaseError('database-url-invalid', `Could not parse SQLAlchemy URL from string '${redacted}'`);
  const groups = match.groups;
  const [dialect, driver = 'psycopg2'] = groups.name.split('+', 2);
  if (dialect !== 'postgresql' && dialect !== 'postgres') {
    throw new DatabaseError(
      'database-not-postgresql',
      `the URL '${redacted}' names the '${dialect}' dialect: the engine speaks PostgreSQL only (postgresql://, postgresql+psycopg2://, +psycopg, +asyncpg, +pg8000)`,
    );
  }
  if (!KNOWN_DRIVERS.has(driver)) {
    throw new DatabaseError('database-url-invalid', `unknown PostgreSQL driver '${driver}' in '${redacted}' (known: ${[...KNOWN_DRIVERS].join(', ')})`);
  }
  const settings: PgSettings = {};
  if (groups.username) settings.user = unquote(groups.username);
  if (groups.password !== undefined) settings.password = unquote(groups.password);
  const host = groups.ipv6host ?? groups.ipv4host;
  if (host) settings.host = host;
  if (groups.port) settings.port = parsePort(groups.port, redacted);
  if (groups.database) settings.database = unquote(groups.database);

  const options = parseQuery(groups.query ?? '');
  const consumed = new Set<string>();
  // `?host=/var/run/postgresql&port=5433`: libpq's way of naming a unix socket folder.
  const queryHost = options.get('host');
  if (queryHost !== undefined) {
    consumed.add('host');
    if (queryHost.includes(',')) throw new DatabaseError('database-url-invalid', `several hosts in one URL ('${queryHost}') are not supported`);
    settings.host = queryHost;
  }
  const queryPort = options.get('port');
  if (queryPort !== undefined) {
    consumed.add('port');
    settings.port = parsePort(queryPort, redacted);
  }
  for (const key of ['options', 'application_name'] as const) {
    const value = options.get(key);
    if (value !== undefined) {
      consumed.add(key);
      settings[key] = value;
    }
  }
  const user = options.get('user');
  if (user !== undefined && settings.user === undefined) settings.user = user;
  const password = options.get('password');
  if (password !== undefined && settings.password === undefined) settings.password = password;
  const dbname = options.get('dbname');
  if (dbname !== undefined && settings.database === undefined) settings.database = dbname;
  consumed.add('user').add('password').add('dbname');
  const timeout = options.get('connect_timeout');
  if (timeout !== undefined) {
    consumed.add('connect_timeout');
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 0) throw new DatabaseError('database-url-invalid', `invalid connect_timeout '${timeout}'`);
    if (seconds > 0) settings.connectionTimeoutMillis = seconds * 1000;
  }
  const ssl = sslFromOptions(options, consumed);
  if (ssl !== undefined) settings.ssl = ssl;
  for (const key of ['sslrootcert', 'sslcert', 'sslkey']) if (options.has(key) && !consumed.has(key)) consumed.add(key);
  const ignoredOptions = [...options.keys()].filter((key) => !consumed.has(key));
  return { dialect: 'postgresql', driver, settings, redacted, ignoredOptions };
}

/** `user@host:port/database` for messages, never with the password. */
export function describeTarget(settings: PgSettings, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const user = settings.user ?? env.PGUSER ?? '';
  const host = settings.host ?? env.PGHOST ?? 'localhost';
  const port = settings.port ?? (env.PGPORT ? Number(env.PGPORT) : 5432);
  const database = settings.database ?? env.PGDATABASE ?? user;
  return `${user ? `${user}@` : ''}${host}:${port}/${database}`;
}
