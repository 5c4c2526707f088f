/**
 * Loads one environment's configuration: an ini section (with the sibling pyproject.toml's
 * `[tool.alembic]` as fallback, like Alembic's CLI which reads both from the working directory)
 * or `[tool.alembic]` alone. Never throws: config errors become problems with file and line.
 */
import { appendAll } from '../common/appendAll';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { describeFileError } from '../common/fileErrors';
import { NotRegularFileError, readRegularTextFile } from '../common/readRegularFile';
import type { EnvironmentConfig, EnvPyFacts } from './types';
import { parseIni, lineRange, rawEntry, type IniFile } from './ini';
import { parsePyproject, toPosix, type PyprojectAlembic } from './pyproject';
import { ConfigOptions } from './configOptions';
import { fromWorkingDirectory, isDirectory, isFile, isResourcePath, pathList, resolveFromAncestor, resolveLocation } from './pathOptions';
import { defaultEnvPyFacts, readEnvPy } from '../python/envPy';
import { iniOptionReader } from './iniOptionReader';
import { isFlaskMigrateFolder } from './flaskMigrate';
import { registerEnvironmentScript } from '../common/environmentScripts';
import { registerSysPath } from '../common/environmentSysPaths';
import { environmentValue } from './processEnvironment';
import { optionNameOf, optionsWrittenByEnvPy } from './envPyOptionWrites';

export const DEFAULT_SECTION_NAME = 'alembic';
export const TOML_SECTION_NAME = 'tool.alembic';
/** Alembic's `_default_file_template` (the ini's `%%(rev)s_%%(slug)s` reads as this). */
const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';

export interface LoadedEnvironment {
  /** Undefined when the environment cannot be used at all (no script_location, unreadable config). */
  config?: EnvironmentConfig;
  problems: Problem[];
}

/** Parsed config files, shared by every section of one alembic.ini. */
export interface ConfigSources {
  iniPath?: string;
  ini?: IniFile;
  toml?: PyprojectAlembic;
  problems: Problem[];
  overlay?: OverlayReader;
}

/** Editor contents of a file when it is open (config and env.py edits count before they are saved). */
export type OverlayReader = (path: string) => string | undefined;

/** The two files a config is read from: the ini (`configPath`, or alembic.ini beside a pyproject.toml) and the pyproject.toml beside it. */
export function configFilePaths(configPath: string): { iniPath: string; tomlPath: string; isToml: boolean } {
  const absolute = nodePath.resolve(configPath);
  const dir = nodePath.dirname(absolute);
  const isToml = nodePath.basename(absolute) === 'pyproject.toml';
  return { iniPath: isToml ? nodePath.join(dir, 'alembic.ini') : absolute, tomlPath: isToml ? absolute : nodePath.join(dir, 'pyproject.toml'), isToml };
}

/** Reads `configPath` (alembic.ini or pyproject.toml) and its sibling of the other kind. */
export function readConfigSources(configPath: string, overlay?: OverlayReader): ConfigSources {
  const dir = nodePath.dirname(nodePath.resolve(configPath));
  const problems: Problem[] = [];
  const { iniPath, tomlPath, isToml } = configFilePaths(configPath);
  const sources: ConfigSources = { problems, overlay };
  const iniText = readText(iniPath, problems, !isToml, overlay);
  if (iniText !== undefined) {
    sources.iniPath = iniPath;
    sources.ini = parseIni(iniPath, iniText, { here: toPosix(dir) });
    appendAll(problems, sources.ini.problems);
    sources.ini.problems = problems; // later interpolation problems land in the same list
  }
  const tomlText = readText(tomlPath, problems, isToml, overlay);
  if (tomlText !== undefined) {
    sources.toml = parsePyproject(tomlPath, tomlText);
    appendAll(problems, sources.toml.problems);
  }
  return sources;
}

function readText(path: string, problems: Problem[], required: boolean, overlay?: OverlayReader): string | undefined {
  const open = overlay?.(path);
  if (open !== undefined) return open;
  try {
    return readRegularTextFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return undefined;
    problems.push({
      code: 'config-unreadable',
      severity: 'error',
      message: `Cannot read the config file: ${describeFileError(path, error)}.`,
      file: path,
      range: lineRange(0, 0, 0),
      related: [],
    });
    return undefined;
  }
}

/** The CLI's entry: `alembic-lens -c alembic.ini -n name heads`. */
export function loadEnvironmentFromConfig(configPath: string, section?: string): LoadedEnvironment {
  const sources = readConfigSources(configPath);
  const isToml = nodePath.basename(configPath) === 'pyproject.toml';
  const name = section ?? DEFAULT_SECTION_NAME;
  if (!sources.ini && !sources.toml) return { problems: sources.problems };
  if (section && sources.ini && !sources.ini.sections.has(section)) {
    sources.problems.push({
      code: 'missing-script-location',
      severity: 'error',
      message: `No config file section [${section}] in ${sources.iniPath}.`,
      file: sources.iniPath ?? configPath,
      range: lineRange(0, 0, 0),
      related: [],
    });
  }
  const config = environmentFromSources(sources, name, isToml && !sources.ini);
  return { config, problems: sources.problems };
}

/** Builds the EnvironmentConfig of one section; problems go to `sources.problems`. */
export function environmentFromSources(sources: ConfigSources, section: string, tomlOnly: boolean): EnvironmentConfig | undefined {
  const options = new ConfigOptions(tomlOnly ? undefined : sources.ini, section, sources.toml, sources.problems);
  const configFile = (tomlOnly ? sources.toml?.path : sources.iniPath) ?? sources.toml?.path ?? '';
  const baseDir = nodePath.dirname(configFile);
  const scriptOption = options.string('script_location', 'path');
  const prepend = pathList(options, 'prepend_sys_path', ['path_separator'], true)?.value ?? [];
  let scriptLocation: string | undefined;
  let flaskMigrate = false;
  // Flask-Migrate's layout (flaskMigrate.ts): `flask db` sets script_location to the folder of the
  // alembic.ini it reads, whatever that ini says.
  const inFlaskMigrateFolder = (): boolean => !tomlOnly && sources.iniPath !== undefined && section === DEFAULT_SECTION_NAME && isFlaskMigrateFolder(baseDir, sources.overlay);
  if (!scriptOption) {
    // Written, but its interpolation failed: that problem is said already (the key is not missing).
    if (!tomlOnly && sources.ini && rawEntry(sources.ini, section, 'script_location')) return undefined;
    // Written in [tool.alembic] but not as a string: said already.
    if (sources.toml?.options.has('script_location')) return undefined;
    // The ini `flask db init` writes has none.
    if (!inFlaskMigrateFolder()) {
      options.problem(options.anchor(), "No 'script_location' key found in configuration.", 'missing-script-location');
      return undefined;
    }
    scriptLocation = baseDir;
    flaskMigrate = true;
  } else {
    scriptLocation = fromWorkingDirectory(scriptOption.value, (candidate) => isFile(nodePath.join(candidate, 'env.py'))) ?? resolveLocation(scriptOption.value, baseDir, prepend);
    // A value that leads nowhere from here (OpenOversight's `./OpenOversight/migrations/`,
    // relative to the repository root `flask db` runs in) is replaced there too.
    if ((!scriptLocation || !isDirectory(scriptLocation)) && inFlaskMigrateFolder()) {
      scriptLocation = baseDir;
      flaskMigrate = true;
    }
    // Relative to a folder above the config (the project runs Alembic from its root).
    if (scriptLocation && !isDirectory(scriptLocation)) {
      scriptLocation = resolveFromAncestor(scriptOption.value, baseDir, (candidate) => isFile(nodePath.join(candidate, 'env.py'))) ?? scriptLocation;
    }
    if (!scriptLocation) {
      options.problem(scriptOption.location, `Cannot find the package of '${scriptOption.value}' in the workspace (looked next to the config, in prepend_sys_path and in parent folders).`, 'package-not-found');
      return undefined;
    }
    if (!isDirectory(scriptLocation)) {
      options.problem(scriptOption.location, `Path doesn't exist: ${scriptLocation}.`, 'script-location-not-found');
      return undefined;
    }
  }
  const scriptAnchor = scriptOption?.location ?? options.anchor();
  const versionOption = pathList(options, 'version_locations', ['path_separator', 'version_path_separator'], false);
  const versionLocations: string[] = [];
  for (const entry of versionOption?.value ?? []) {
    let resolved = fromWorkingDirectory(entry, isDirectory) ?? resolveLocation(entry, baseDir, prepend);
    if (resolved && !isDirectory(resolved)) resolved = resolveFromAncestor(entry, baseDir, isDirectory) ?? resolved;
    if (resolved) versionLocations.push(resolved);
    else if (isResourcePath(entry)) options.problem(versionOption!.location, `Cannot find the package of version location '${entry}'.`, 'package-not-found', 'warning');
  }
  if (!versionOption || versionOption.value.length === 0) versionLocations.push(nodePath.join(scriptLocation, 'versions'));
  for (const location of versionLocations) {
    if (!isDirectory(location)) {
      // Alembic silently skips version locations that do not exist; that usually hides a typo.
      options.problem(versionOption?.location ?? options.anchor(), `Version location does not exist: ${location} (Alembic ignores it).`, 'version-location-not-found', 'warning');
    }
  }
  const envPyPath = nodePath.join(scriptLocation, 'env.py');
  let envPyText: string | undefined;
  try {
    envPyText = sources.overlay?.(envPyPath) ?? readRegularTextFile(envPyPath);
  } catch (error) {
    // A file that is there but cannot be read (permissions, a folder of that name) is not a missing one.
    const why = fs.existsSync(envPyPath) ? error instanceof NotRegularFileError ? error.message : `${envPyPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` : `No env.py in ${scriptLocation}`;
    options.problem({ file: configFile, range: scriptAnchor.range }, `${why}; Alembic cannot run migrations for this environment.`, 'env-py-not-found', 'warning');
  }
  // Alembic runs this env.py for migrations in version folders outside script_location too.
  const id = `${configFile}#${tomlOnly ? TOML_SECTION_NAME : section}`;
  if (envPyText !== undefined) registerEnvironmentScript(id, envPyPath, versionLocations);
  // Alembic puts prepend_sys_path first on sys.path (entries relative to where it runs: the config's folder here).
  registerSysPath(id, versionLocations, prepend.map((entry) => nodePath.resolve(baseDir, entry)));
  // env.py is parsed when first asked for: only the engine needs its facts, and parsing it (the
  // first lezer parse of a run loads the parser) cost `alembic-lens heads` about 30 ms.
  let envPy: EnvPyFacts | undefined;
  // env.py's `__file__` is script_location as written joined with env.py (a package resource, or
  // the folder Flask-Migrate puts in its place, is another path: env.py's own is taken then).
  const writtenScriptLocation = scriptOption && !flaskMigrate && !isResourcePath(scriptOption.value) ? scriptOption.value : undefined;
  const config: EnvironmentConfig = {
    id,
    name: tomlOnly ? TOML_SECTION_NAME : section,
    configFile,
    kind: tomlOnly ? 'pyproject' : 'ini',
    scriptLocation,
    versionLocations: dedupe(versionLocations),
    recursiveVersionLocations: options.boolean('recursive_version_locations')?.value ?? false,
    fileTemplate: options.string('file_template')?.value ?? DEFAULT_FILE_TEMPLATE,
    get envPy() {
      return (envPy ??= envPyText === undefined ? defaultEnvPyFacts() : readEnvPy(envPyPath, envPyText, { configOption: iniOptionReader(tomlOnly ? undefined : sources.ini, section), environmentVariable: environmentValue, scriptLocation: writtenScriptLocation }));
    },
  };
  if ((scriptOption !== undefined && isResourcePath(scriptOption.value)) || (versionOption?.value ?? []).some(isResourcePath)) config.foundThroughPackage = true;
  if (flaskMigrate) config.flaskMigrate = true;
  const timezone = options.string('timezone')?.value;
  if (timezone) config.timezone = timezone;
  // Read by env.py only, when it runs (`get_main_option`): a failed interpolation is no problem
  // when env.py sets the option it names, or the URL itself, before (cognee's
  // `set_section_option(..., "SQLALCHEMY_DATABASE_URI", ...)`); otherwise it is, for the
  // commands that run env.py (cli/environment.ts lets the graph commands through, as Alembic's).
  const urlProblems: Problem[] = [];
  const url = options.iniString('sqlalchemy.url', urlProblems);
  if (url?.value) {
    config.sqlalchemyUrl = url.value;
    config.sqlalchemyUrlLocation = url.location;
  }
  for (const problem of urlProblems) {
    const missing = (problem.data as { missing?: string } | undefined)?.missing;
    if (envPyText !== undefined && envPyMaySetOption(envPyText, section, ['sqlalchemy.url', ...(missing ? [missing] : [])])) continue;
    sources.problems.push(problem);
  }
  return config;
}

/**
 * Whether env.py may write one of `options` when it runs (`set_main_option` / `set_section_option`),
 * in any section (an interpolation also reads `[DEFAULT]`), case-insensitive as configparser's
 * keys; true when a write cannot be read statically.
 */
function envPyMaySetOption(text: string, mainSection: string, options: readonly string[]): boolean {
  const written = optionsWrittenByEnvPy(text, mainSection);
  if (written === undefined) return true;
  const wanted = new Set(options.map((option) => option.toLowerCase()));
  for (const key of written) if (wanted.has(optionNameOf(key))) return true;
  return false;
}

function dedupe(paths: string[]): string[] {
  return [...new Set(paths)];
}
