/**
 * The parts of a SQLAlchemy URL the client shows and keys things by (host, port, user, database),
 * and the URL with its password replaced by `***`. No `vscode` import, so unit tests load it in
 * plain Node. The server parses URLs for real (server/src/database/sqlalchemyUrl.ts); this only
 * has to be right about where the password and the host are.
 */
export interface UrlParts {
  user?: string;
  hasPassword: boolean;
  host: string;
  port: number;
  database?: string;
}

const URL_PATTERN = /^(?<scheme>[\w+]+):\/\/(?:(?<user>[^:/@]*)(?::(?<password>[^@]*))?@)?(?:\[(?<ipv6>[^\]]+)\]|(?<host>[^/:?]*))(?::(?<port>\d*))?(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?$/s;

export function urlParts(url: string): UrlParts | undefined {
  const match = URL_PATTERN.exec(url.trim());
  if (!match?.groups) return undefined;
  const groups = match.groups;
  const query = new URLSearchParams(groups.query ?? '');
  const host = groups.ipv6 ?? (groups.host || query.get('host') || 'localhost');
  return {
    user: groups.user ? safeDecode(groups.user) : (query.get('user') ?? undefined),
    hasPassword: groups.password !== undefined || query.has('password'),
    host,
    port: Number(groups.port || query.get('port') || 5432),
    database: groups.database ? safeDecode(groups.database) : (query.get('dbname') ?? undefined),
  };
}

/** `user@host:port/database`: how a connection is named to the user (never with a password). */
export function describeUrl(url: string): string {
  const parts = urlParts(url);
  if (!parts) return redactUrl(url);
  return `${parts.user ? `${parts.user}@` : ''}${parts.host}:${parts.port}${parts.database ? `/${parts.database}` : ''}`;
}

/** The URL with the password (in the authority or a `password=` option) replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([\w+]+:\/\/[^:/@]*):[^@]*@/, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
