/**
 * The CLI's named connections: `[tool.alembic-lens.connections.NAME]` tables of the
 * pyproject.toml beside the config file (or in the working folder), the CLI's counterpart of the
 * editor's `alembicLens.connections` setting, with the same keys in either spelling
 * (database/connectionKeys.ts): `url` (without password) or `url_env` (an environment variable
 * holding the URL), `password_env` (an environment variable holding the password), `protected`,
 * `lock_timeout`, `statement_timeout` (milliseconds, or text such as `5s`). A password written in
 * the file is refused: files get committed.
 */
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { connectionText, connectionValue, timeoutMs } from '../../database/connectionKeys';
import type { NamedConnection } from '../../database/connectionSource';
import { parseDatabaseUrl } from '../../database/sqlalchemyUrl';
import { CommandFailure } from '../types';
import { readRegularTextFile } from '../../common/readRegularFile';

export interface ConnectionsFile {
  file: string;
  connections: Record<string, NamedConnection>;
}

function candidates(configFile: string, cwd: string): string[] {
  return [...new Set([path.join(path.dirname(configFile), 'pyproject.toml'), path.join(cwd, 'pyproject.toml')])];
}

function timeout(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = timeoutMs(value);
  if (ms === undefined) throw new CommandFailure(`${where}: expected a number of milliseconds or text such as 5s`, 2);
  return ms;
}

export function readCliConnections(configFile: string, cwd: string): ConnectionsFile | undefined {
  for (const file of candidates(configFile, cwd)) {
    let text: string;
    try {
      text = readRegularTextFile(file);
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
      if (typeof raw !== 'object' || raw === null) throw new CommandFailure(`${where}: expected a table with 'url' or 'url_env'`, 2);
      const url = connectionText(raw, 'url');
      const urlEnv = connectionText(raw, 'urlEnv');
      if (!url && !urlEnv) throw new CommandFailure(`${where}: 'url' (a string) or 'url_env' (an environment variable holding the URL) is required`, 2);
      if (url && parseDatabaseUrl(url).settings.password !== undefined) {
        throw new CommandFailure(`${where}: the url holds a password; put it in an environment variable and name it with password_env`, 2);
      }
      connections[name] = {
        url,
        urlEnv: url ? undefined : urlEnv,
        passwordEnv: connectionText(raw, 'passwordEnv'),
        protected: connectionValue(raw, 'protected') === true,
        lockTimeout: timeout(connectionValue(raw, 'lockTimeout'), `${where} lock_timeout`),
        statementTimeout: timeout(connectionValue(raw, 'statementTimeout'), `${where} statement_timeout`),
      };
    }
    return { file, connections };
  }
  return undefined;
}
