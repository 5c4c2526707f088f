/**
 * The Alembic configuration a migration file runs under, found statically for the interpreter's
 * `op.get_context().config.get_main_option(...)` (ckan decides whether to skip a migration from a
 * main option). From the migration's folder upwards (to the repository root), the first
 * `alembic.ini` whose `[alembic] script_location` contains the file is taken, as `alembic` run
 * next to it would read it. The options env.py writes at run time (`set_main_option`,
 * `set_section_option`; envPyOptionWrites.ts) are not known statically; the others are, unless
 * a write's option name is itself computed at run time (then none is).
 *
 * The ini and env.py are returned with their content hashes: whatever the engine derived from an
 * option is valid only while they are unchanged.
 */
import * as nodePath from 'node:path';
import { getIniValue, parseIni, type IniFile } from './ini';
import { isDirectory, isResourcePath, resolveLocation } from './pathOptions';
import { readModuleFile, type ModuleDependency } from './pythonModules';
import { optionKey, optionsWrittenByEnvPy } from './envPyOptionWrites';

export type MigrationConfig =
  /** `writtenAtRunTime`: the options env.py sets (optionKey), whose ini values it replaces. */
  | { kind: 'found'; ini: IniFile; section: string; dependencies: ModuleDependency[]; writtenAtRunTime: ReadonlySet<string> }
  /** `iniPath`: the alembic.ini found, when one was (its options are unknown for `reason`). */
  | { kind: 'unknown'; reason: string; dependencies: ModuleDependency[]; iniPath?: string };

const MAX_ANCESTORS = 8;

export function configOfMigration(migrationFile: string): MigrationConfig {
  let folder = nodePath.dirname(migrationFile);
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    const found = readIni(nodePath.join(folder, 'alembic.ini'), migrationFile);
    if (found) return found;
    if (isDirectory(nodePath.join(folder, '.git'))) break;
    const parent = nodePath.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return { kind: 'unknown', reason: 'no alembic.ini above the migration names its folder as script_location', dependencies: [] };
}

function readIni(path: string, migrationFile: string): MigrationConfig | undefined {
  const file = readModuleFile(path);
  if (!file) return undefined;
  const here = nodePath.dirname(path);
  const ini = parseIni(path, file.text, { here });
  const location = getIniValue(ini, 'alembic', 'script_location')?.value;
  if (!location || isResourcePath(location)) return undefined;
  const scriptDir = resolveLocation(location, here, []);
  if (!scriptDir || !within(migrationFile, scriptDir)) return undefined;
  const dependencies: ModuleDependency[] = [{ path, hash: file.hash }];
  const envPy = readModuleFile(nodePath.join(scriptDir, 'env.py'));
  let writtenAtRunTime: ReadonlySet<string> = new Set();
  if (envPy) {
    dependencies.push({ path: envPy.path, hash: envPy.hash });
    const written = optionsWrittenByEnvPy(envPy.text, MAIN_SECTION);
    if (written === undefined) {
      return { kind: 'unknown', reason: 'env.py sets configuration options at run time, of names computed when it runs', dependencies, iniPath: path };
    }
    writtenAtRunTime = written;
  }
  return { kind: 'found', ini, section: MAIN_SECTION, dependencies, writtenAtRunTime };
}

/** The section `set_main_option` and `get_main_option` use (`alembic` run without `-n`). */
const MAIN_SECTION = 'alembic';

/** Whether env.py replaces this option at run time (`section` undefined: the main section). */
export function writtenAtRunTime(config: Extract<MigrationConfig, { kind: 'found' }>, section: string | undefined, name: string): boolean {
  return config.writtenAtRunTime.has(optionKey(section ?? config.section, name));
}

function within(file: string, folder: string): boolean {
  const relative = nodePath.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !nodePath.isAbsolute(relative);
}
