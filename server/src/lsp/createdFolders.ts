/**
 * A folder created in the workspace may hold a new Alembic environment whose own files were never
 * announced: a watcher that learns of a new folder only adds a watch on it after the fact, so files
 * written into it at once (a copied or generated project, `git checkout` of a branch that adds
 * one) can go unseen. A created folder is therefore a reason to discover environments again,
 * unless it is one of the folders tools create by the thousand, which never hold migrations.
 */
import fs from 'node:fs';
import path from 'node:path';

const NEVER_ENVIRONMENTS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache']);

export function isCreatedFolderWorthDiscovering(file: string): boolean {
  if (path.extname(file) !== '') return false;
  if (file.split(path.sep).some((segment) => NEVER_ENVIRONMENTS.has(segment))) return false;
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false; // gone again already
  }
}
