/**
 * `op.get_context().version_table_schema` / `.version_table` in a migration (HSF/iDDS and rucio
 * build every table name from the schema, held-out sweep AV): what env.py's `configure()` gives,
 * read as the environment reads it (python/envPy.ts, with the migration's alembic.ini for
 * `config.get_main_option(...)` and the engine's environment variables). Known when the offline
 * and the online calls agree; otherwise undefined, and the attribute stays opaque.
 */
import { envPyFactsFor, readEnvPy, type ConfigOptionReader } from '../../python/envPy';
import { configOfMigration, writtenAtRunTime } from '../../project/migrationConfig';
import { iniOptionReader } from '../../project/iniOptionReader';
import { migrationFileOf } from './configOptions';
import { findEnvPy } from './naming/targetMetadata';
import { readEnvironmentVariable } from './processEnvironment';
import type { InterpreterState } from './state';
import { NONE, str, type Value } from './values';
import { moduleScope } from './workspaceModules';

const FACT = { version_table: 'versionTable', version_table_schema: 'versionTableSchema' } as const;

export function migrationContextSetting(name: string, state: InterpreterState): Value | undefined {
  if (name !== 'version_table' && name !== 'version_table_schema') return undefined;
  const migration = migrationFileOf(state);
  const envPy = findEnvPy(migration);
  const scope = envPy ? moduleScope(envPy, state) : undefined;
  if (!envPy || !scope) return undefined;
  const config = configOfMigration(migration);
  for (const dependency of config.dependencies) state.dependencies.set(dependency.path, dependency.hash);
  const fromIni = config.kind === 'found' ? iniOptionReader(config.ini, config.section) : undefined;
  const configOption: ConfigOptionReader =
    config.kind === 'found' ? (section, name) => (writtenAtRunTime(config, section, name) ? { unknown: `env.py sets ${name} at run time` } : fromIni!(section, name)) : () => ({ unknown: config.reason });
  const facts = readEnvPy(envPy, scope.state.source, { configOption, environmentVariable: (variable) => readEnvironmentVariable(variable, state) });
  const offline = envPyFactsFor(facts, 'offline')[FACT[name]];
  const online = envPyFactsFor(facts, 'online')[FACT[name]];
  if (offline.state === 'unknown' || online.state === 'unknown' || offline.value !== online.value) return undefined;
  return offline.value === null ? NONE : str(offline.value);
}
