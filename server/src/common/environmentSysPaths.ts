/**
 * The `prepend_sys_path` folders of each environment, by its version folders: Alembic puts them
 * first on `sys.path` before it imports the migrations, so a migration's absolute import may name
 * a module that lies in one of them and in no folder above the migration (a `lib/` beside the
 * migrations, `../app`, a nested `src`). The module search (project/pythonModules.ts) looks there
 * when the folders above the file hold no such module.
 *
 * Filled by whoever reads an environment's configuration (project/environment.ts), keyed by the
 * configuration so a changed one replaces its folders; worker threads are given a copy with their
 * job (threadContext.ts). Plain paths only: no VS Code, no I/O.
 */
import { contentHash } from './contentHash';
import { nearestFolderEntry } from './folderLookup';

/** What workers receive: [configuration id, version folders, prepend_sys_path folders]. */
export type EnvironmentSysPaths = [string, string[], string[]][];

const byConfiguration = new Map<string, { folders: string[]; sysPath: string[] }>();
let byFolder = new Map<string, readonly string[]>();

/** Records (or replaces) one configuration's prepend_sys_path folders (absolute) for its version folders. */
export function registerSysPath(configurationId: string, versionFolders: readonly string[], sysPath: readonly string[]): void {
  const known = byConfiguration.get(configurationId);
  if (sysPath.length === 0) {
    if (known === undefined) return;
    byConfiguration.delete(configurationId);
  } else {
    if (known && known.folders.join('\n') === versionFolders.join('\n') && known.sysPath.join('\n') === sysPath.join('\n')) return;
    byConfiguration.set(configurationId, { folders: [...versionFolders], sysPath: [...sysPath] });
  }
  rebuild();
}

/** Version folders whose prepend_sys_path a module search has looked in (a result there depends on it). */
const consulted = new Set<string>();

/** Whether a module search looked in the prepend_sys_path of this version folder (noted by sysPathFor's callers). */
export function sysPathConsulted(folder: string): boolean {
  return consulted.has(folder);
}

/** Notes that a search looked in the folder's prepend_sys_path, so results there record it as a dependency. */
export function noteSysPathConsulted(folder: string): void {
  consulted.add(folder);
}

/** The prepend_sys_path folders of the environment whose version folder holds `file` (directly or below), and that folder. */
export function sysPathFor(file: string): { folder: string; sysPath: readonly string[] } | undefined {
  const found = nearestFolderEntry(byFolder, file);
  return found && { folder: found.folder, sysPath: found.value };
}

const DEPENDENCY_PREFIX = 'sys-path-of:';

/**
 * The dependency a result that looked in a version folder's prepend_sys_path records, as a
 * pseudo-path beside files (dependencyLog.ts): it changes with the folders, so a kept result is
 * computed again when the configuration names others.
 */
export function sysPathDependency(folder: string): [string, string] {
  return [DEPENDENCY_PREFIX + folder, contentHash((byFolder.get(folder) ?? []).join('\n'))];
}

/** For a dependency path: its hash now, or undefined when it is not such a path. */
export function sysPathDependencyHash(path: string): string | undefined {
  if (!path.startsWith(DEPENDENCY_PREFIX)) return undefined;
  return contentHash((byFolder.get(path.slice(DEPENDENCY_PREFIX.length)) ?? []).join('\n'));
}

/** A copy for a worker thread. */
export function environmentSysPaths(): EnvironmentSysPaths {
  return [...byConfiguration].map(([id, { folders, sysPath }]) => [id, [...folders], [...sysPath]]);
}

/** In a worker thread: the main thread's registrations. */
export function adoptEnvironmentSysPaths(paths: EnvironmentSysPaths | undefined): void {
  for (const [id, folders, sysPath] of paths ?? []) registerSysPath(id, folders, sysPath);
}

function rebuild(): void {
  // The first configuration to name a folder keeps it, as for env.py (environmentScripts.ts).
  const next = new Map<string, readonly string[]>();
  for (const { folders, sysPath } of byConfiguration.values()) {
    for (const folder of folders) if (!next.has(folder)) next.set(folder, sysPath);
  }
  byFolder = next;
}
