/**
 * The version a cache file must carry to be read: a format number (bump it when what is stored,
 * or how the header reader reads, changes) and the running build. From the bundle that is its
 * size and mtime, so a rebuilt or upgraded CLI ignores every older cache; from source (tests,
 * tsx) the newest mtime of the header reader and the index, so editing them invalidates too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const INDEX_CACHE_FORMAT = 1;

let computed: string | undefined;

export function indexCacheVersion(): string {
  return (computed ??= `${INDEX_CACHE_FORMAT}-${buildSignature()}`);
}

function buildSignature(): string {
  try {
    const self = typeof __filename === 'string' ? __filename : '';
    if (self.endsWith('.ts')) {
      const server = path.resolve(path.dirname(self), '..', '..');
      return `src-${Math.round(Math.max(newestMtime(path.join(server, 'python')), newestMtime(path.join(server, 'project'))))}`;
    }
    const stat = fs.statSync(self);
    return `${stat.size}-${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
