/**
 * The embedded database's socket folders (`alembic-lens-pg-*` in the temporary folder) are removed
 * when it closes; a process that is killed (or crashes) leaves its folder behind, with the socket
 * file in it. The next start removes those: only folders of that prefix, owned by this user,
 * holding nothing but sockets that no process listens on (a connection is refused). A folder with
 * anything else, a socket that answers, or one that cannot be checked is left alone. An empty
 * folder is removed only when it is old: another process makes its folder a moment before its
 * server listens there.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const SOCKET_FOLDER_PREFIX = 'alembic-lens-pg-';

/** An empty folder younger than this may be another process's, between making it and listening in it. */
const EMPTY_FOLDER_GRACE_MS = 60_000;

/** True when nobody listens on the socket (ECONNREFUSED); false when it answers or the check fails otherwise. */
function socketIsDead(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(file);
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function isStale(folder: string, now: number): Promise<boolean> {
  const stat = fs.lstatSync(folder);
  if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) return false;
  const entries = fs.readdirSync(folder, { withFileTypes: true });
  if (entries.length === 0) return now - stat.mtimeMs > EMPTY_FOLDER_GRACE_MS;
  for (const entry of entries) {
    if (!entry.isSocket() || !entry.name.startsWith('.s.PGSQL.')) return false;
    if (!(await socketIsDead(path.join(folder, entry.name)))) return false;
  }
  return true;
}

/** Removes the stale socket folders in `parent` (the temporary folder); returns the ones removed. Never throws. */
export async function removeStaleSocketFolders(parent = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(parent).filter((name) => name.startsWith(SOCKET_FOLDER_PREFIX));
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const folder = path.join(parent, name);
    try {
      if (!(await isStale(folder, now))) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Gone meanwhile, or not ours to read: left as it is.
    }
  }
  return removed;
}
