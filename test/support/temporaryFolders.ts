/**
 * Temporary folders for tests, removed when the test process exits (node --test runs each file in
 * a process of its own), so a test run leaves nothing behind in the system's temporary folder.
 * A folder that cannot be removed (made immutable by a test, still in use) is left quietly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const made: string[] = [];
let cleanupInstalled = false;

export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(folder);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', removeTemporaryFolders);
  }
  return folder;
}

export function removeTemporaryFolders(): void {
  for (const folder of made.splice(0)) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Left behind: an immutable file a test made, or a folder still in use.
    }
  }
}
