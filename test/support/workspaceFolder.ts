/**
 * A throwaway workspace for interpreter tests: a `.git` marker at its root (where the engine stops
 * looking for the project's modules and virtualenv) and the given files, by path below the root.
 * Removed when the test process exits (temporaryFolders.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporaryFolder } from './temporaryFolders';

export function workspaceWith(prefix: string, files: Record<string, string>): string {
  const root = temporaryFolder(prefix);
  fs.mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Where a migration of that workspace's `migrations` folder lives (the file itself need not exist). */
export function migrationPathIn(root: string): string {
  return path.join(root, 'migrations', 'versions', 'm.py');
}
