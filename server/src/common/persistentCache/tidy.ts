/**
 * Keeping a cache folder tidy, for every persistent cache that writes through temporary files
 * renamed into place: temporaries abandoned by a run that died between writing and renaming, and
 * the removal of files another run may remove at the same time. Nothing here ever throws: only
 * tidiness is lost.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

/** A temporary file this old was left by a run that died between writing and renaming it. */
export const ABANDONED_AFTER_MS = 10 * 60 * 1000;

export function removeAbandonedTemporaries(folder: string, now: number): void {
  try {
    for (const name of fs.readdirSync(folder)) {
      if (!name.endsWith('.tmp')) continue;
      const full = nodePath.join(folder, name);
      if (now - modifiedAt(full) > ABANDONED_AFTER_MS) removeQuietly(full);
    }
  } catch {
    // Only tidiness is lost.
  }
}

/** The file's mtime in ms; 0 when it is gone. */
export function modifiedAt(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Removed by another run meanwhile.
  }
}
