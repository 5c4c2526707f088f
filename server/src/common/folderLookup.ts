/**
 * The entry of the nearest folder holding a file (its own folder, then each one above), in a map
 * keyed by absolute folder paths: which configuration's registration (env.py, prepend_sys_path)
 * covers a migration file, for version folders that may be nested (recursive version locations).
 */
import * as nodePath from 'node:path';

export function nearestFolderEntry<T>(byFolder: ReadonlyMap<string, T>, file: string): { folder: string; value: T } | undefined {
  if (byFolder.size === 0) return undefined;
  let folder = nodePath.dirname(file);
  for (;;) {
    const value = byFolder.get(folder);
    if (value !== undefined) return { folder, value };
    const parent = nodePath.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}
