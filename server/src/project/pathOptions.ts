/**
 * Path-valued options: splitting `version_locations` / `prepend_sys_path` like Alembic
 * (`path_separator`, or the legacy space/comma rule when it is absent), and resolving each entry
 * to a folder, including the `package:path` resource form, found statically (never imported).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { ConfigOptions, OptionValue } from './configOptions';

const SEPARATORS: Record<string, string> = {
  space: ' ',
  newline: '\n',
  os: nodePath.delimiter,
  ':': ':',
  ';': ';',
};

/** Alembic's `_get_file_separator_char`: `path_separator`, then the deprecated `version_path_separator`. */
export function separatorOf(options: ConfigOptions, names: string[]): string | undefined {
  for (const name of names) {
    const configured = options.iniString(name);
    if (!configured) continue;
    const separator = SEPARATORS[configured.value];
    if (separator === undefined) {
      options.problem(configured.location, `'${configured.value}' is not a valid value for ${name}; expected 'space', 'newline', 'os', ':', ';'`);
      return undefined;
    }
    return separator;
  }
  return undefined;
}

/**
 * Splits an ini path list. With a separator: split, strip, drop empties. Without one (legacy):
 * split on `,` followed by spaces or on runs of spaces (plus `:` for prepend_sys_path), keeping
 * empty pieces as Python's `re.split` does.
 */
export function splitPathList(text: string, separator: string | undefined, legacyColon: boolean): string[] {
  if (separator !== undefined) {
    return text
      .split(separator)
      .filter((piece) => piece !== '')
      .map((piece) => piece.trim());
  }
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ',') {
      pieces.push(current);
      current = '';
      while (text[i + 1] === ' ') i++;
    } else if (ch === ' ') {
      pieces.push(current);
      current = '';
      while (text[i + 1] === ' ') i++;
    } else if (ch === ':' && legacyColon) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  return pieces;
}

/** The configured list from the ini (split as above) or else from TOML. */
export function pathList(options: ConfigOptions, key: string, separatorNames: string[], legacyColon: boolean): OptionValue<string[]> | undefined {
  const fromIni = options.iniString(key);
  if (fromIni && fromIni.value) {
    const separator = separatorOf(options, separatorNames);
    return { value: splitPathList(fromIni.value, separator, legacyColon), location: fromIni.location };
  }
  return options.tomlList(key);
}

export function isResourcePath(location: string): boolean {
  return !nodePath.isAbsolute(location) && location.includes(':');
}

/**
 * Resolves a configured folder. Relative paths are taken from the config file's folder (Alembic
 * uses the working directory, which is that folder when `alembic` is run next to its config).
 * `package:sub/dir` looks for the package folder next to the config, in prepend_sys_path entries,
 * in `src/`, then in every parent folder. Returns undefined when a package cannot be found.
 */
export function resolveLocation(location: string, baseDir: string, searchRoots: readonly string[]): string | undefined {
  if (!isResourcePath(location)) return nodePath.resolve(baseDir, location);
  const [packageName, ...rest] = location.split(':');
  const packagePath = packageName.split('.').join(nodePath.sep);
  for (const root of candidateRoots(baseDir, searchRoots)) {
    const packageDir = nodePath.join(root, packagePath);
    if (isDirectory(packageDir)) return nodePath.join(packageDir, ...rest);
  }
  return undefined;
}

/**
 * The folder the command line runs in. Alembic reads a relative `script_location` and
 * `version_locations` from the current directory; the CLI sets it for the duration of a command,
 * and a location found there is taken first. The language server has no such folder: unset.
 */
let workingDirectory: string | undefined;

export function setWorkingDirectory(dir: string | undefined): void {
  workingDirectory = dir;
}

/** A relative location as Alembic resolves it, from the CLI's current directory, when `accept` holds there. */
export function fromWorkingDirectory(location: string, accept: (candidate: string) => boolean): string | undefined {
  if (workingDirectory === undefined || isResourcePath(location) || nodePath.isAbsolute(location)) return undefined;
  const candidate = nodePath.resolve(workingDirectory, location);
  return accept(candidate) ? candidate : undefined;
}

/** How many folders above the config a relative location is looked for in (as findModule's walk). */
const MAX_ANCESTORS = 12;

/**
 * Alembic reads a relative location from the current directory, which we do not know: it is
 * first taken from the config's folder (resolveLocation). When nothing is there, a project that
 * runs `alembic -c sub/alembic.ini` from its root (keep's `keep/api/models/db/migrations` in
 * `keep/alembic.ini`) has it in a folder above: the nearest one where `accept` holds, up to the
 * repository root (the folder holding `.git`). Undefined for absolute and `package:path` forms.
 */
export function resolveFromAncestor(location: string, baseDir: string, accept: (candidate: string) => boolean): string | undefined {
  if (isResourcePath(location) || nodePath.isAbsolute(location)) return undefined;
  let dir = baseDir;
  for (let step = 0; step < MAX_ANCESTORS; step++) {
    if (fs.existsSync(nodePath.join(dir, '.git'))) return undefined;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const candidate = nodePath.resolve(dir, location);
    if (accept(candidate)) return candidate;
  }
  return undefined;
}

function candidateRoots(baseDir: string, searchRoots: readonly string[]): string[] {
  const roots = [baseDir, ...searchRoots.map((root) => nodePath.resolve(baseDir, root)), nodePath.join(baseDir, 'src')];
  for (let dir = nodePath.dirname(baseDir); ; dir = nodePath.dirname(dir)) {
    roots.push(dir);
    if (nodePath.dirname(dir) === dir) break;
  }
  return roots;
}

export function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
