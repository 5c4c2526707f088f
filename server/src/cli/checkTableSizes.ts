/**
 * `check --url URL` / `check --connection NAME`: the lock findings of `check` state the real size
 * of the table they lock (lint/trace/tableSizes.ts), read from that database with read-only
 * queries. Only an explicit option connects: `check` never reaches for env.py's or alembic.ini's
 * URL on its own. A database that cannot be reached stops the command (exit 2, with the code), as
 * an online command does, and no message ever carries the password.
 */
import type { Problem } from '../common/problem';
import { findConnection } from '../database/connectionSource';
import { DatabaseError, redactSecrets } from '../database/errors';
import { openSession } from '../database/session';
import { targetFromConnection } from '../database/target';
import { readTableSizes, tablesToMeasure, withTableSizes } from '../lint/trace/tableSizes';
import { readCliConnections } from './online/connections';
import { withCode } from './online/runOnlineCommand';
import { CommandFailure, type CliContext, type OptionSpec, type ParsedArgs } from './types';

export const TABLE_SIZE_OPTIONS: OptionSpec[] = [
  { names: ['--url'], key: 'url', takesValue: true, metavar: 'URL', help: 'Read the real size of each table a lock finding names from this PostgreSQL database (read-only queries)' },
  { names: ['--connection'], key: 'connection', takesValue: true, metavar: 'NAME', help: 'The same, from a connection named in [tool.alembic-lens.connections.NAME] of pyproject.toml' },
];

export async function withSizesFromDatabase(context: CliContext, args: ParsedArgs, problems: Problem[]): Promise<Problem[]> {
  const url = args.values.url;
  const name = args.values.connection;
  if (url === undefined && name === undefined) return problems;
  if (url !== undefined && name !== undefined) throw new CommandFailure('--url and --connection cannot be combined: give one database', 2);
  const tables = tablesToMeasure(problems);
  let secrets: string[] = [];
  try {
    const named = name !== undefined ? readCliConnections(context.global.configPath, context.cwd) : undefined;
    const found = findConnection({
      url,
      connectionName: name,
      connections: named?.connections,
      connectionsOrigin: named?.file ?? 'pyproject.toml ([tool.alembic-lens.connections.NAME] tables; none found)',
      env: context.env,
    });
    const target = targetFromConnection(found, context.env);
    secrets = target.secrets;
    if (tables.length === 0) return problems;
    const session = await openSession(target, 'alembic-lens check');
    try {
      return withTableSizes(problems, await readTableSizes(session, tables));
    } finally {
      await session.close();
    }
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const code = error instanceof DatabaseError ? error.errorCode : 'database-connect-failed';
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(withCode(redactSecrets(`cannot read table sizes: ${message}`, secrets), code), 2);
  }
}
