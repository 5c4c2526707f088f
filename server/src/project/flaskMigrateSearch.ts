/**
 * The workspace search behind Flask-Migrate's env.py (interpret/naming/targetMetadata.ts): the
 * Python files of the repository that may hold `Migrate(app, db)` or `<migrate>.init_app(app, db)`.
 * What is read from them rests on the search as a whole, not only on the files it found: a file
 * with the call created later (a `manage.py` added) changes the answer. So the search is recorded
 * as a dependency of its own, under the pseudo-path `flask-migrate-search:<root>`, whose hash
 * covers the files that match and their contents; a cached result is computed again when it moves.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { contentHash } from '../common/contentHash';
import { readModuleFile, type ModuleFile } from './pythonModules';

const PREFIX = 'flask-migrate-search:';
/** Folders never searched for the `Migrate(...)` call. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'env', 'site-packages', 'build', 'dist', '.tox', 'tests', 'test']);
const MAX_SCANNED_FILES = 4000;
const MIGRATE_CALL = /\bMigrate\s*\(|\.init_app\s*\(/;

/** The files under `root` whose text may hold the call, in a stable order. */
export function migrateCallFiles(root: string): ModuleFile[] {
  const found: ModuleFile[] = [];
  let scanned = 0;
  const visit = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (scanned > MAX_SCANNED_FILES) return;
      const full = nodePath.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(full);
      } else if (entry.name.endsWith('.py')) {
        scanned++;
        const module = readModuleFile(full);
        if (module && MIGRATE_CALL.test(module.text)) found.push(module);
      }
    }
  };
  visit(root);
  return found;
}

/** The dependency path standing for the search under `root`. */
export function migrateSearchDependencyPath(root: string): string {
  return PREFIX + root;
}

/** For a dependency path: the search's hash now, or undefined when the path is not a search's. */
export function migrateSearchDependencyHash(path: string): string | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  return migrateSearchHash(migrateCallFiles(path.slice(PREFIX.length)));
}

export function migrateSearchHash(files: readonly ModuleFile[]): string {
  return contentHash(files.map((file) => `${file.path}\0${file.hash}`).join('\n'));
}
