/**
 * The CLI's named connections: `[tool.alembic-lens.connections.NAME]` tables of the
 * pyproject.toml beside the config file (or in the working folder), the CLI's counterpart of the
 * editor's `alembicLens.connections` setting. Keys: `url` (without password), `password_env`
 * (an environment variable holding the password), `protected`, `lock_timeout`,
 * `statement_timeout` (milliseconds). A password written in the file is refused: files get
 * committed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import type { NamedConnection } from '../../database/connectionSource';
import { parseDatabaseUrl } from '../../database/sqlalchemyUrl';
import { CommandFailure } from '../types';

export interface ConnectionsFile {
  file: string;
  connections: Record<string, NamedConnection>;
}

function candidates(configFile: string, cwd: string): string[] {
  return [...new Set([path.join(path.dirname(configFile), 'pyproject.toml'), path.join(cwd, 'pyproject.toml')])];
}

function timeout(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CommandFailure(`${where}: expected a number of milliseconds`, 2);
  return value;
}

export function readCliConnections(configFile: string, cwd: string): ConnectionsFile | undefined {
  for (const file of candidates(configFile, cwd)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let table: unknown;
    try {
      table = (parse(text) as { tool?: { 'alembic-lens'?: { connections?: unknown } } }).tool?.['alembic-lens']?.connections;
    } catch (error) {
      throw new CommandFailure(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 2);
    }
    if (table === undefined) continue;
    const connections: Record<string, NamedConnection> = {};
    for (const [name, raw] of Object.entries(table as Record<string, Record<string, unknown>>)) {
      const where = `${file}: [tool.alembic-lens.connections.${name}]`;
      if (typeof raw?.url !== 'string') throw new CommandFailure(`${where}: 'url' (a string) is required`, 2);
      if (parseDatabaseUrl(raw.url).settings.password !== undefined) {
        throw new CommandFailure(`${where}: the url holds a password; put it in an environment variable and name it with password_env`, 2);
      }
      connections[name] = {
        url: raw.url,
        passwordEnv: typeof raw.password_env === 'string' ? raw.password_env : undefined,
        protected: raw.protected === true,
        lockTimeout: timeout(raw.lock_timeout, `${where} lock_timeout`),
        statementTimeout: timeout(raw.statement_timeout, `${where} statement_timeout`),
      };
    }
    return { file, connections };
  }
  return undefined;
}
