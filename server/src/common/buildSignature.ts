/**
 * What identifies the running build, for versioning caches on disk: from a bundle, its size and
 * mtime, so a rebuilt or upgraded CLI or server never reads a cache an older build wrote; from
 * source (tests, `tsx`), the newest mtime under the given folders of server/src, so editing the
 * code whose output is cached invalidates the cache in development too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function buildSignature(sourceFolders: readonly string[]): string {
  try {
    const self = typeof __filename === 'string' ? __filename : '';
    if (self.endsWith('.ts')) {
      const serverSource = path.resolve(path.dirname(self), '..');
      const newest = Math.max(...sourceFolders.map((folder) => newestMtime(path.join(serverSource, folder))));
      return `src-${Math.round(newest)}`;
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
