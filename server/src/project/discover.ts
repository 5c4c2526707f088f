/**
 * Finds every Alembic environment under some folders: each alembic.ini (its `[alembic]` section
 * and every other section that sets `script_location`, as `-n name` would select) and each
 * pyproject.toml with `[tool.alembic]` that has no alembic.ini beside it.
 */
import { appendAll } from '../common/appendAll';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { EnvironmentConfig } from './types';
import { DEFAULT_SECTION_NAME, environmentFromSources, readConfigSources, type OverlayReader } from './environment';
import { lineRange } from './ini';
import { isFlaskMigrateFolder } from './flaskMigrate';
import { toPathMatcher, type PathMatcher } from '../common/glob';

/** Folders never worth walking into: dependencies, VCS data, caches, virtualenvs. */
const SKIPPED_FOLDERS = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', 'site-packages', 'dist-packages',
  '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.idea', '.vscode-test',
]);

/** The file names discovery looks at in each folder. */
const CONFIG_NAMES = new Set(['alembic.ini', 'pyproject.toml', 'pyvenv.cfg']);

export interface DiscoveredEnvironment {
  config: EnvironmentConfig;
  /** Problems found while reading this environment's configuration. */
  problems: Problem[];
}

export interface DiscoveryResult {
  environments: DiscoveredEnvironment[];
  /** Config problems not tied to a usable environment. */
  problems: Problem[];
  /** Every config file read (alembic.ini, pyproject.toml), for watchers. */
  configFiles: string[];
}

export interface DiscoveryOptions {
  /**
   * Globs (`alembicLens.exclude`) matched against paths relative to each root, `/` separators:
   * a matching folder is not walked, a matching alembic.ini / pyproject.toml is not read. They add
   * to the folders always skipped (SKIPPED_FOLDERS, virtualenvs).
   */
  exclude?: readonly string[] | PathMatcher;
  /** Config files named explicitly (`check conf/prod.ini`): read whatever their name, as Alembic's `-c` reads them. */
  configFiles?: readonly string[];
}

export function discoverEnvironments(roots: readonly string[], overlay?: OverlayReader, options: DiscoveryOptions = {}): DiscoveryResult {
  const result: DiscoveryResult = { environments: [], problems: [], configFiles: [] };
  const seen = new Set<string>();
  const exclude = toPathMatcher(options.exclude);
  for (const root of roots) walk({ dir: nodePath.resolve(root), relative: '' }, { result, seen, overlay, exclude });
  for (const file of options.configFiles ?? []) {
    const path = nodePath.resolve(file);
    // The walk reads the usual names itself.
    if (result.configFiles.includes(path)) continue;
    if (path.endsWith('.toml')) readTomlEnvironment(path, result, overlay);
    else readIniEnvironments(path, result, overlay);
  }
  return result;
}

interface WalkContext {
  result: DiscoveryResult;
  seen: Set<string>;
  overlay?: OverlayReader;
  exclude: PathMatcher;
}

/** `relative` is the folder's path below its root with `/` separators ('' for the root itself). */
function walk(folder: { dir: string; relative: string }, context: WalkContext): void {
  const { dir, relative } = folder;
  const { result, seen, overlay, exclude } = context;
  if (seen.has(dir)) return;
  seen.add(dir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // One pass over the entries: a versions folder holds thousands of files, and only three
  // names and the sub-folders matter here.
  const configNames = new Set<string>();
  const folders: fs.Dirent[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) folders.push(entry);
    else if (CONFIG_NAMES.has(entry.name) && entry.isFile()) configNames.add(entry.name);
  }
  // A folder with pyvenv.cfg is a virtualenv, whatever its name.
  if (configNames.has('pyvenv.cfg')) return;
  const wanted = (name: string): boolean => configNames.has(name) && (exclude.empty || !exclude.matches(childPath(relative, name)));
  if (wanted('alembic.ini')) readIniEnvironments(nodePath.join(dir, 'alembic.ini'), result, overlay);
  else if (!configNames.has('alembic.ini') && wanted('pyproject.toml')) readTomlEnvironment(nodePath.join(dir, 'pyproject.toml'), result, overlay);
  for (const entry of folders.sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    // Only folders are matched during the walk: an excluded folder is never listed at all.
    const childRelative = childPath(relative, entry.name);
    if (!exclude.empty && exclude.matches(childRelative)) continue;
    walk({ dir: nodePath.join(dir, entry.name), relative: childRelative }, context);
  }
}

/**
 * True when `file` (absolute) lies under a root and it, or one of its folders, matches `exclude`
 * relative to that root: file events there must not create environments.
 */
export function isExcludedFile(file: string, roots: readonly string[], exclude: PathMatcher): boolean {
  if (exclude.empty) return false;
  return roots.some((root) => file.startsWith(root + nodePath.sep) && exclude.matchesOrInside(nodePath.relative(root, file).split(nodePath.sep).join('/')));
}

function childPath(relative: string, name: string): string {
  return relative ? `${relative}/${name}` : name;
}

const NOT_ENVIRONMENT_SECTION = /^(?:loggers|handlers|formatters|post_write_hooks|(?:logger|handler|formatter)_.*)$|:/;

function mayBeEnvironmentSection(name: string): boolean {
  return !NOT_ENVIRONMENT_SECTION.test(name);
}

function readIniEnvironments(iniPath: string, result: DiscoveryResult, overlay?: OverlayReader): void {
  const sources = readConfigSources(iniPath, overlay);
  result.configFiles.push(iniPath);
  if (sources.toml) result.configFiles.push(sources.toml.path);
  const fileProblems = sources.problems.splice(0);
  appendAll(result.problems, fileProblems);
  if (!sources.ini) return;
  // A script_location under [DEFAULT] is every section's (configparser): thinkhazard's and
  // c2cgeoportal's ini have no [alembic] but [admin] / [public] (or [main] / [static]) that
  // `alembic -n NAME` runs; logging's sections and `prefix:name` ones (PasteDeploy's
  // [app:main], [alembic:exclude]) are not environments.
  const inherited = sources.ini.defaults.entries.has('script_location');
  // Alembic's multidb layout (percona/SEP): `[alembic] databases = a, b` names the sections that
  // `alembic -n a` runs; the [alembic] section itself is no environment then.
  const named = (name: string): boolean => sources.ini!.sections.get(name)?.entries.has('script_location') === true;
  const alembicSection = sources.ini.sections.get(DEFAULT_SECTION_NAME);
  const databases = alembicSection && !alembicSection.entries.has('script_location') && !inherited ? alembicSection.entries.get('databases')?.raw : undefined;
  const multidb = databases !== undefined && databases.split(',').some((name) => named(name.trim()));
  const sections = [...sources.ini.sections.values()]
    .filter((section) => (section.name === DEFAULT_SECTION_NAME && !multidb) || section.entries.has('script_location') || (inherited && mayBeEnvironmentSection(section.name)))
    .map((section) => section.name);
  if (sections.length === 0 && sources.toml?.hasAlembicTable) sections.push(DEFAULT_SECTION_NAME);
  // Flask-Migrate's ini may hold only logging (lando-api): `flask db` sets script_location in an
  // [alembic] section it adds (Config.set_main_option), the folder of the ini.
  if (sections.length === 0 && isFlaskMigrateFolder(nodePath.dirname(iniPath), overlay)) sections.push(DEFAULT_SECTION_NAME);
  if (sections.length === 0) {
    result.problems.push({
      code: 'missing-script-location',
      severity: 'error',
      message: `${iniPath} has no [alembic] section and no section with script_location.`,
      file: iniPath,
      range: lineRange(0, 0, 0),
      related: [],
    });
    return;
  }
  for (const section of sections) addEnvironment(sources, section, false, result);
}

function readTomlEnvironment(tomlPath: string, result: DiscoveryResult, overlay?: OverlayReader): void {
  const sources = readConfigSources(tomlPath, overlay);
  // Most pyproject.toml files have nothing to do with Alembic: say nothing about those.
  if (!sources.toml?.hasAlembicTable) return;
  result.configFiles.push(tomlPath);
  appendAll(result.problems, sources.problems.splice(0));
  addEnvironment(sources, DEFAULT_SECTION_NAME, true, result);
}

function addEnvironment(sources: ReturnType<typeof readConfigSources>, section: string, tomlOnly: boolean, result: DiscoveryResult): void {
  const config = environmentFromSources(sources, section, tomlOnly);
  const problems = sources.problems.splice(0);
  if (config) result.environments.push({ config, problems });
  else appendAll(result.problems, problems);
}
