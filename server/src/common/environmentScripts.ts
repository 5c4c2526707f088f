/**
 * Which env.py Alembic runs for the migrations of a version folder that lies outside its
 * environment's script_location (Flask-Alembic's layout: `script_location = migrations`,
 * `version_locations = %(here)s/history`). Alembic always runs script_location's env.py, wherever
 * a migration file lies; the engine otherwise looks for env.py in the folders above the file,
 * which finds none there, or another environment's.
 *
 * Filled by whoever reads an environment's configuration (project/environment.ts), keyed by the
 * configuration so a changed one replaces its folders; worker threads are given a copy with their
 * job (`environmentScripts` / `adoptEnvironmentScripts`). Plain paths only: no VS Code, no I/O.
 */
import * as nodePath from 'node:path';
import { contentHash } from './contentHash';
import { nearestFolderEntry } from './folderLookup';

/** What workers receive: [configuration id, env.py, version folders outside script_location]. */
export type EnvironmentScripts = [string, string, string[]][];

const byConfiguration = new Map<string, { envPy: string; folders: string[] }>();
let byFolder = new Map<string, string>();

/** Records (or replaces) the env.py of one configuration's version folders outside its script_location. */
export function registerEnvironmentScript(configurationId: string, envPy: string, versionFolders: readonly string[]): void {
  const scriptLocation = nodePath.dirname(envPy);
  const outside = versionFolders.filter((folder) => !isWithin(folder, scriptLocation));
  const known = byConfiguration.get(configurationId);
  if (outside.length === 0) {
    if (known === undefined) return;
    byConfiguration.delete(configurationId);
  } else {
    if (known && known.envPy === envPy && known.folders.join('\n') === outside.join('\n')) return;
    byConfiguration.set(configurationId, { envPy, folders: outside });
  }
  rebuild();
}

/**
 * The env.py Alembic runs for `file`, when a registered version folder holds it (directly or
 * below, for recursive version locations); undefined otherwise: look above the file.
 */
export function registeredEnvPyFor(file: string): { envPy: string; folder: string } | undefined {
  const found = nearestFolderEntry(byFolder, file);
  return found && { envPy: found.value, folder: found.folder };
}

const DEPENDENCY_PREFIX = 'env-py-of:';

/**
 * The dependency a result computed under a registered env.py records (dependencyLog.ts), as a
 * pseudo-path beside files and `env:` variables: it changes when the configuration gives the
 * folder another env.py, or none, so a result kept from before is computed again.
 */
export function environmentScriptDependency(folder: string): [string, string] {
  return [DEPENDENCY_PREFIX + folder, contentHash(byFolder.get(folder) ?? '')];
}

/** For a dependency path: its hash now (`absent` when the folder has no registered env.py), or undefined when it is not such a path. */
export function environmentScriptDependencyHash(path: string, absent: string): string | undefined {
  if (!path.startsWith(DEPENDENCY_PREFIX)) return undefined;
  const envPy = byFolder.get(path.slice(DEPENDENCY_PREFIX.length));
  return envPy === undefined ? absent : contentHash(envPy);
}

/** A copy for a worker thread. */
export function environmentScripts(): EnvironmentScripts {
  return [...byConfiguration].map(([id, { envPy, folders }]) => [id, envPy, [...folders]]);
}

/** In a worker thread: the main thread's registrations. */
export function adoptEnvironmentScripts(scripts: EnvironmentScripts | undefined): void {
  for (const [id, envPy, folders] of scripts ?? []) registerEnvironmentScript(id, envPy, folders);
}

function rebuild(): void {
  // The first configuration to name a folder keeps it (two environments sharing a version
  // folder is a layout Alembic itself cannot tell apart either).
  const next = new Map<string, string>();
  for (const { envPy, folders } of byConfiguration.values()) {
    for (const folder of folders) if (!next.has(folder)) next.set(folder, envPy);
  }
  byFolder = next;
}

function isWithin(folder: string, ancestor: string): boolean {
  const relative = nodePath.relative(ancestor, folder);
  return relative === '' || (!relative.startsWith('..') && !nodePath.isAbsolute(relative));
}
