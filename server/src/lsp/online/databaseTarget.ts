/**
 * Turns the client's ConnectionTarget into the engine's DatabaseTarget: a URL (with the password
 * the client sent, applied after parsing so it is never part of a URL string) or the embedded
 * database of a folder. Every secret goes into `secrets`, which the engine scrubs from messages.
 */
import type { DatabaseTarget } from '../../database/session';
import { targetFromConnection } from '../../database/target';
import type { ConnectionTarget } from '../../protocol';
import type { SandboxPool } from './sandboxPool';

export interface ResolvedConnection {
  target: DatabaseTarget;
  /** `name (user@host:port/db)`: what messages call it. */
  label: string;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export async function resolveConnection(connection: ConnectionTarget, sandboxes: SandboxPool): Promise<ResolvedConnection> {
  if (connection.kind === 'embedded') {
    const sandbox = await sandboxes.get(connection.folder);
    return { target: sandbox.target, label: `${connection.name} (embedded PostgreSQL)` };
  }
  const target = targetFromConnection({ url: connection.url, source: `connection '${connection.name}'`, password: connection.password || undefined });
  return {
    target,
    label: `${connection.name} (${target.display})`,
    lockTimeoutMs: connection.lockTimeoutMs,
    statementTimeoutMs: connection.statementTimeoutMs,
  };
}

/** Every string that must not leave the server in a message about this connection. */
export function secretsOf(connection: ConnectionTarget): string[] {
  return connection.kind === 'url' && connection.password ? [connection.password] : [];
}
