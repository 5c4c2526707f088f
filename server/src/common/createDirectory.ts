/**
 * `mkdir -p` that always returns. Node's `fs.mkdirSync(dir, { recursive: true })` never returns
 * for a folder under /proc: mkdir says ENOENT, the parent exists, so Node tries the same folder
 * again, forever (a `--sandbox /proc/x`, a versions folder configured there). Here each missing
 * level is created once, and the first failure is thrown as mkdir reported it (with its `code`,
 * so callers word it as they already do).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function createDirectory(directory: string): void {
  const target = path.resolve(directory);
  const missing: string[] = [];
  let folder = target;
  while (!exists(folder)) {
    const parent = path.dirname(folder);
    if (parent === folder) break;
    missing.push(folder);
    folder = parent;
  }
  // A file in place of the folder itself: mkdir throws EEXIST, as the recursive form does.
  if (missing.length === 0 && !isDirectory(target)) fs.mkdirSync(target);
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      // Another process made it in between.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(level)) continue;
      throw error;
    }
  }
}

function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
