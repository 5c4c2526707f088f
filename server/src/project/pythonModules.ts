/**
 * Finds the project's own Python modules on disk, statically: the engine follows a migration's
 * imports (`from myapp.types import GUID`, `import prefect` then `prefect.server...UUID`) to read
 * the class or constant they name, without importing or running anything.
 *
 * Python would search `sys.path`; statically we do not know it, so absolute names are looked up
 * in the folders above the importing file (Alembic puts the config's folder and
 * `prepend_sys_path` on `sys.path`, and projects install their own package, whose source sits
 * above its migrations, or in `src/` at the repository root). The walk stops at the repository
 * root (a folder holding `.git`) so it never wanders outside the workspace. Relative names (`.models`, `..types`) follow Python's rules.
 *
 * Every file read is reported with its content hash, because whatever the engine derived from it
 * (a compiled migration in the content-keyed cache) is only valid while that file is unchanged.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { contentHash } from '../common/contentHash';
import { environmentDependencyHash } from './processEnvironment';
import { migrateSearchDependencyHash } from './flaskMigrateSearch';
import { environmentScriptDependencyHash } from '../common/environmentScripts';
import { noteSysPathConsulted, sysPathDependencyHash, sysPathFor } from '../common/environmentSysPaths';
import { xArgumentsDependencyHash } from '../common/commandArguments';
import { isDirectory, isFile } from './pathOptions';

export interface ModuleFile {
  path: string;
  text: string;
  /** `contentHash` of `text`. */
  hash: string;
}

/** A file the engine read to understand a migration, and its content hash at the time. */
export interface ModuleDependency {
  path: string;
  hash: string;
}

/** At most this many folders above the importing file are searched for an absolute module. */
const MAX_ANCESTORS = 12;

/** Modules never looked for on disk: the standard library and the libraries the engine models. */
const NOT_WORKSPACE = new Set(['sqlalchemy', 'alembic', 'builtins', 'typing', 'os', 'sys', 'datetime', 'zoneinfo', 'uuid', 'json', 're', 'enum', 'logging']);

/** Whether an import of this top-level module resolves the same from any folder (never a workspace file). */
export function isNeverWorkspaceModule(root: string): boolean {
  return NOT_WORKSPACE.has(root);
}

/** A qualified name split into the module file that defines it and the attribute path inside. */
export interface ResolvedName {
  file: string;
  attributes: string[];
}

/**
 * Resolves `a.b.C` (or `.b.C`, relative to `fromFile`) to the longest module prefix that exists
 * as a file, and the remaining attribute path. Undefined when no prefix is a workspace module.
 */
export function resolveQualifiedName(fromFile: string, qname: string): ResolvedName | undefined {
  const dots = /^\.*/.exec(qname)![0].length;
  const parts = qname.slice(dots).split('.').filter((part) => part.length > 0);
  if (dots === 0 && (parts.length === 0 || NOT_WORKSPACE.has(parts[0]))) return undefined;
  for (let length = parts.length; length >= (dots > 0 ? 0 : 1); length--) {
    const file = findModule(fromFile, dots, parts.slice(0, length));
    if (file) return { file, attributes: parts.slice(length) };
  }
  return undefined;
}

function findModule(fromFile: string, level: number, parts: string[]): string | undefined {
  if (level > 0) {
    let base = nodePath.dirname(fromFile);
    for (let up = 1; up < level; up++) base = nodePath.dirname(base);
    return moduleIn(base, parts);
  }
  return inAncestors(fromFile, parts) ?? inPrependedSysPath(fromFile, parts);
}

/**
 * In the environment's prepend_sys_path folders (common/environmentSysPaths.ts), when no folder
 * above the file holds the module: a sideways folder (`prepend_sys_path = lib`) Alembic searches.
 */
function inPrependedSysPath(fromFile: string, parts: string[]): string | undefined {
  const registered = sysPathFor(fromFile);
  if (!registered) return undefined;
  noteSysPathConsulted(registered.folder);
  for (const folder of registered.sysPath) {
    const found = moduleIn(folder, parts);
    if (found && found !== fromFile) return found;
  }
  return undefined;
}

function inAncestors(fromFile: string, parts: string[]): string | undefined {
  let folder = nodePath.dirname(fromFile);
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    const found = moduleIn(folder, parts);
    // A module never imports itself by an absolute name: `from flask_sqlalchemy import SQLAlchemy`
    // in the project's own `flask_sqlalchemy.py` (houston's) is the library's, found further up or not at all.
    if (found && found !== fromFile) return found;
    // A Python project's own `src/` layout below the repository root (eneo's `backend/src/intric`,
    // declared in `backend/pyproject.toml` and installed from there).
    if (isFile(nodePath.join(folder, 'pyproject.toml')) && !isDirectory(nodePath.join(folder, '.git'))) {
      const inSrc = moduleIn(nodePath.join(folder, 'src'), parts);
      if (inSrc) return inSrc;
    }
    // At the repository root, the `src/` layout's package (installed, or on prepend_sys_path:
    // voter-api's `prepend_sys_path = src`), then the project's virtualenv.
    if (isFile(nodePath.join(folder, '.git')) || isDirectory(nodePath.join(folder, '.git'))) return moduleIn(nodePath.join(folder, 'src'), parts) ?? inSitePackages(folder, parts);
    const parent = nodePath.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

/** Virtualenv folders looked for at the repository root (the project's own environment). */
const VENV_FOLDERS = ['.venv', 'venv', 'env'];

/**
 * A third-party package installed in the project's virtualenv (`<root>/.venv`, `venv` or `env`),
 * found by path alone: the site-packages folder of `lib/python3.X` (or `Lib` on Windows). Nothing
 * is run. Callers read only plain constants from such files (isSitePackagesFile).
 */
function inSitePackages(root: string, parts: string[]): string | undefined {
  for (const folder of sitePackagesOf(root)) {
    const found = moduleIn(folder, parts);
    if (found) return found;
  }
  return undefined;
}

/** Site-packages folders by repository root, with which virtualenv folders existed when listed. */
const sitePackagesFolders = new Map<string, { present: string; folders: string[] }>();

function sitePackagesOf(root: string): string[] {
  // Listed again when a virtualenv folder appears or goes (three stats instead of a listing).
  const present = VENV_FOLDERS.map((venv) => (isDirectory(nodePath.join(root, venv)) ? '1' : '0')).join('');
  const known = sitePackagesFolders.get(root);
  if (known && known.present === present) return known.folders;
  const folders: string[] = [];
  for (const venv of VENV_FOLDERS) {
    const windows = nodePath.join(root, venv, 'Lib', 'site-packages');
    if (isDirectory(windows)) folders.push(windows);
    let versions: string[] = [];
    try {
      versions = fs.readdirSync(nodePath.join(root, venv, 'lib')).filter((name) => /^python3(\.\d+)?$/.test(name)).sort();
    } catch {
      // No lib folder: not a POSIX virtualenv.
    }
    for (const version of versions) {
      const site = nodePath.join(root, venv, 'lib', version, 'site-packages');
      if (isDirectory(site)) folders.push(site);
    }
  }
  if (sitePackagesFolders.size >= MAX_CACHED_MODULES) sitePackagesFolders.clear();
  sitePackagesFolders.set(root, { present, folders });
  return folders;
}

/** The hash recorded for a file that did not exist: the result stays valid while it still does not. */
export const ABSENT = 'absent';

const rootOfFolder = new Map<string, string | undefined>();

/** The repository root above `file` (the folder holding `.git`), as findModule's walk stops at it. */
export function repositoryRootOf(file: string): string | undefined {
  const start = nodePath.dirname(file);
  if (rootOfFolder.has(start)) return rootOfFolder.get(start);
  let folder = start;
  let root: string | undefined;
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    if (isFile(nodePath.join(folder, '.git')) || isDirectory(nodePath.join(folder, '.git'))) {
      root = folder;
      break;
    }
    const parent = nodePath.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  if (rootOfFolder.size >= MAX_CACHED_MODULES) rootOfFolder.clear();
  rootOfFolder.set(start, root);
  return root;
}

/**
 * The files whose appearance would let an absolute name that did not resolve from `fromFile`
 * resolve in the project's virtualenv: the top-level package in each site-packages folder, and
 * `pyvenv.cfg` of a virtualenv folder not there yet. A result computed without the package is
 * recorded as depending on their absence, so installing it later recompiles the migration.
 */
export function absentSitePackagesFiles(fromFile: string, qname: string): string[] {
  const head = qname.split('.')[0];
  if (qname.startsWith('.') || head.length === 0 || NOT_WORKSPACE.has(head)) return [];
  const root = repositoryRootOf(fromFile);
  if (!root) return [];
  const sites = sitePackagesOf(root);
  const files = sites.flatMap((site) => [nodePath.join(site, `${head}.py`), nodePath.join(site, head, '__init__.py')]);
  for (const venv of VENV_FOLDERS) {
    if (!sites.some((site) => site.startsWith(nodePath.join(root, venv) + nodePath.sep))) files.push(nodePath.join(root, venv, 'pyvenv.cfg'));
  }
  return files.filter((file) => !isFile(file));
}

/**
 * The workspace files whose creation would make `qname` resolve from `fromFile` (resolveQualifiedName
 * found none): each `.py` and package `__init__.py` it looked for, in the folders it walked. A result
 * that rests on "not found" depends on them staying absent.
 */
export function absentWorkspaceFiles(fromFile: string, qname: string): string[] {
  const dots = /^\.*/.exec(qname)![0].length;
  const parts = qname.slice(dots).split('.').filter((part) => part.length > 0);
  if (dots === 0 && (parts.length === 0 || NOT_WORKSPACE.has(parts[0]))) return [];
  const candidates = (base: string): string[] => {
    const files: string[] = [];
    for (let length = parts.length; length >= (dots > 0 ? 0 : 1); length--) {
      const stem = nodePath.join(base, ...parts.slice(0, length));
      files.push(length === 0 ? nodePath.join(base, '__init__.py') : `${stem}.py`, nodePath.join(stem, '__init__.py'));
    }
    return files;
  };
  if (dots > 0) {
    let base = nodePath.dirname(fromFile);
    for (let up = 1; up < dots; up++) base = nodePath.dirname(base);
    return candidates(base).filter((file) => !isFile(file));
  }
  const files: string[] = [];
  let folder = nodePath.dirname(fromFile);
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    files.push(...candidates(folder));
    if (isFile(nodePath.join(folder, 'pyproject.toml')) && !isDirectory(nodePath.join(folder, '.git'))) files.push(...candidates(nodePath.join(folder, 'src')));
    if (isFile(nodePath.join(folder, '.git')) || isDirectory(nodePath.join(folder, '.git'))) {
      files.push(...candidates(nodePath.join(folder, 'src')));
      break;
    }
    const parent = nodePath.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return files.filter((file) => !isFile(file));
}

/** True for a module found in a virtualenv's site-packages: a third-party package, not the project's code. */
export function isSitePackagesFile(path: string): boolean {
  return path.split(/[\\/]/).includes('site-packages');
}

/** `base/a/b.py` or `base/a/b/__init__.py`; the empty path is the package `base/__init__.py`. */
function moduleIn(base: string, parts: string[]): string | undefined {
  if (parts.length === 0) {
    const init = nodePath.join(base, '__init__.py');
    return isFile(init) ? init : undefined;
  }
  const stem = nodePath.join(base, ...parts);
  if (isFile(stem + '.py')) return stem + '.py';
  const init = nodePath.join(stem, '__init__.py');
  return isFile(init) ? init : undefined;
}

/** Parsed module texts, keyed by path and checked against size and mtime on every use. */
const texts = new Map<string, { size: number; mtimeMs: number; module: ModuleFile }>();
const MAX_CACHED_MODULES = 500;

/** A file modified this recently may change again within the same mtime tick (git's "racy" case): re-read it. */
const RACY_MS = 3000;

/** Reads a module file (cached while its size and mtime are unchanged); undefined when unreadable. */
export function readModuleFile(path: string): ModuleFile | undefined {
  try {
    const stat = fs.statSync(path);
    // A named pipe or a device would block or never end: not a module Lens can read.
    if (!stat.isFile()) return undefined;
    const known = texts.get(path);
    const settled = Date.now() - stat.mtimeMs > RACY_MS;
    if (known && settled && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.module;
    const text = fs.readFileSync(path, 'utf8');
    const module = { path, text, hash: contentHash(text) };
    if (texts.size >= MAX_CACHED_MODULES) texts.clear();
    texts.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, module });
    return module;
  } catch {
    return undefined;
  }
}

/** True when every dependency still has the content it had (a compiled result built on them is valid). */
export function dependenciesUnchanged(dependencies: readonly ModuleDependency[]): boolean {
  return dependencies.every((dependency) => dependencyHash(dependency.path) === dependency.hash);
}

/** What a dependency's hash is now: a file's content hash, or an environment variable's (processEnvironment.ts); ABSENT when missing. */
export function dependencyHash(path: string): string {
  return environmentDependencyHash(path, ABSENT) ?? environmentScriptDependencyHash(path, ABSENT) ?? sysPathDependencyHash(path) ?? xArgumentsDependencyHash(path) ?? migrateSearchDependencyHash(path) ?? readModuleFile(path)?.hash ?? ABSENT;
}
