/**
 * Reads the database state (alembic/current) of every environment on the active connection, for
 * the tree's markers and the status bar. A background refresh (`interactive: false`) never asks a
 * question: environments whose connection would need one are left unread, and so are embedded
 * databases not created yet (starting PGlite just to say "pending" everywhere would cost every
 * Alembic workspace a database the user never asked for).
 */
import * as fs from 'node:fs';
import type { CommandContext } from '../commands/types';
import { resolveActiveConnection, type ResolvedTarget } from '../connections/activeConnection';
import type { DatabaseState } from '../../../server/src/protocol';

/** PostgreSQL's words for a refused password (SQLSTATE 28P01): the stored one is wrong. */
const PASSWORD_REFUSED = /password authentication failed/i;

export async function forgetRefusedPassword(context: CommandContext, resolved: ResolvedTarget, message: string | undefined): Promise<void> {
  if (resolved.target.kind === 'url' && resolved.host && message && PASSWORD_REFUSED.test(message)) {
    await context.connections.passwords.forget(resolved.target.name, resolved.host);
    context.logger.warn(`The password of connection "${resolved.target.name}" was refused; it was forgotten and will be asked again.`);
  }
}

export async function refreshDatabaseStates(context: CommandContext, interactive: boolean): Promise<DatabaseState[]> {
  const requests = context.requests();
  if (!requests) return [];
  const roots = await context.tree.load();
  const states: DatabaseState[] = [];
  for (const root of roots) {
    const environment = root.environment;
    const resolved = await resolveActiveConnection(context.connections, environment, interactive);
    if (!resolved) continue;
    if (!interactive && resolved.target.kind === 'embedded' && !fs.existsSync(resolved.target.folder)) continue;
    const state = await requests.current({ environmentId: environment.id, connection: resolved.target });
    await forgetRefusedPassword(context, resolved, state.message);
    if (!state.ok) context.logger.warn(`Database state of ${environment.name} on ${resolved.label}: ${state.message ?? 'unknown'}`);
    context.databases.set(state);
    states.push(state);
  }
  return states;
}
