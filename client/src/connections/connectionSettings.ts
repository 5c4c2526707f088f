/**
 * Reads `alembicLens.connections` into checked entries, remembering which came from the
 * workspace's own settings (those need the user's confirmation before first use). An entry that
 * cannot be used is reported with its name and why, never guessed at; a URL holding a password is
 * refused, since settings files get committed. No `vscode` import (unit-tested in plain Node).
 */
import { connectionText, connectionValue, timeoutMs } from '../../../server/src/database/connectionKeys';
import { urlParts } from './urlParts';

export { timeoutMs };

export interface ConfiguredConnection {
  name: string;
  /** The URL as configured, or undefined when it comes from `urlEnv`. */
  url?: string;
  urlEnv?: string;
  /** An environment variable holding the password: then it is never asked for nor stored. */
  passwordEnv?: string;
  protected: boolean;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Defined (or redefined) by the workspace's settings rather than the user's. */
  fromWorkspace: boolean;
}

export interface ConnectionsRead {
  connections: ConfiguredConnection[];
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `user` is the user-level value, `workspace` the workspace (and folder) values merged, as
 * `WorkspaceConfiguration.inspect` gives them; a workspace entry replaces a user entry of the
 * same name.
 */
export function readConnections(user: unknown, workspace: unknown): ConnectionsRead {
  const problems: string[] = [];
  const merged = new Map<string, { raw: unknown; fromWorkspace: boolean }>();
  for (const [name, raw] of Object.entries(isRecord(user) ? user : {})) merged.set(name, { raw, fromWorkspace: false });
  for (const [name, raw] of Object.entries(isRecord(workspace) ? workspace : {})) merged.set(name, { raw, fromWorkspace: true });
  const connections: ConfiguredConnection[] = [];
  for (const [name, { raw, fromWorkspace }] of merged) {
    const where = `alembicLens.connections.${name}`;
    if (!isRecord(raw)) {
      problems.push(`${where}: expected an object with "url" or "urlEnv"`);
      continue;
    }
    // Keys in either spelling (urlEnv / url_env, ...), as the CLI's pyproject tables take them.
    const url = connectionText(raw, 'url');
    const urlEnv = connectionText(raw, 'urlEnv');
    const passwordEnv = connectionText(raw, 'passwordEnv');
    if (!url && !urlEnv) {
      problems.push(`${where}: needs "url" (without password) or "urlEnv" (an environment variable holding the URL)`);
      continue;
    }
    if (url && urlParts(url)?.hasPassword) {
      problems.push(`${where}: the url holds a password; remove it (you will be asked for it once, and it is kept in VS Code's secret storage)`);
      continue;
    }
    if (url && !urlParts(url)) {
      problems.push(`${where}: "${url}" is not a SQLAlchemy URL (postgresql://user@host:port/database)`);
      continue;
    }
    const rawLock = connectionValue(raw, 'lockTimeout');
    const rawStatement = connectionValue(raw, 'statementTimeout');
    const lockTimeout = rawLock === undefined ? undefined : timeoutMs(rawLock);
    const statementTimeout = rawStatement === undefined ? undefined : timeoutMs(rawStatement);
    if (rawLock !== undefined && lockTimeout === undefined) problems.push(`${where}.lockTimeout: expected milliseconds or text like 5s (ignored)`);
    if (rawStatement !== undefined && statementTimeout === undefined) problems.push(`${where}.statementTimeout: expected milliseconds or text like 2min (ignored)`);
    connections.push({
      name,
      url,
      urlEnv: url ? undefined : urlEnv,
      passwordEnv,
      protected: connectionValue(raw, 'protected') === true,
      lockTimeoutMs: lockTimeout,
      statementTimeoutMs: statementTimeout,
      fromWorkspace,
    });
  }
  return { connections, problems };
}
