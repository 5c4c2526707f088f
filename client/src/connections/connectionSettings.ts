/**
 * Reads `alembicLens.connections` into checked entries, remembering which came from the
 * workspace's own settings (those need the user's confirmation before first use). An entry that
 * cannot be used is reported with its name and why, never guessed at; a URL holding a password is
 * refused, since settings files get committed. No `vscode` import (unit-tested in plain Node).
 */
import { urlParts } from './urlParts';

export interface ConfiguredConnection {
  name: string;
  /** The URL as configured, or undefined when it comes from `urlEnv`. */
  url?: string;
  urlEnv?: string;
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

/** `5s`, `500ms`, `2min`, `1h` or a number of milliseconds. */
export function timeoutMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$/.exec(value);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  return Math.round(Number(match[1]) * unit);
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
    const url = typeof raw.url === 'string' && raw.url.trim() ? raw.url.trim() : undefined;
    const urlEnv = typeof raw.urlEnv === 'string' && raw.urlEnv.trim() ? raw.urlEnv.trim() : undefined;
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
    const lockTimeout = raw.lockTimeout === undefined ? undefined : timeoutMs(raw.lockTimeout);
    const statementTimeout = raw.statementTimeout === undefined ? undefined : timeoutMs(raw.statementTimeout);
    if (raw.lockTimeout !== undefined && lockTimeout === undefined) problems.push(`${where}.lockTimeout: expected milliseconds or text like 5s (ignored)`);
    if (raw.statementTimeout !== undefined && statementTimeout === undefined) problems.push(`${where}.statementTimeout: expected milliseconds or text like 2min (ignored)`);
    connections.push({ name, url, urlEnv: url ? undefined : urlEnv, protected: raw.protected === true, lockTimeoutMs: lockTimeout, statementTimeoutMs: statementTimeout, fromWorkspace });
  }
  return { connections, problems };
}
