/**
 * The embedded database (`--sandbox PATH`, the editor's per-environment sandbox): PGlite keeps a
 * PostgreSQL data folder (created on first use, reused after), and pglite-socket serves it on a
 * Unix socket (a loopback port on Windows) so the same `pg`-based executor runs against it. PGlite is one backend: it cannot
 * cancel a running statement, and connections take turns (a transaction keeps the others waiting).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDirectory } from '../common/createDirectory';
import { DatabaseError } from './errors';
import { seedFromTemplate, type SandboxSeed } from './sandboxTemplate';
import { removeStaleSocketFolders, SOCKET_FOLDER_PREFIX } from './staleSocketFolders';
import type { DatabaseTarget } from './session';

export interface Sandbox {
  target: DatabaseTarget;
  /** How the data folder was had (the benchmark and the packaging test report it). */
  seed: SandboxSeed;
  close(): Promise<void>;
}

/**
 * PGlite keeps no lock of its own on its data folder, and two processes writing one folder would
 * corrupt it: a lock file holding the owner's pid keeps a second process out (a stale one, whose
 * process is gone, is taken over).
 */
function lockFolder(folder: string): () => void {
  const file = path.join(folder, 'alembic-lens.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner && isAlive(owner)) throw new DatabaseError('database-sandbox-unavailable', `the sandbox ${folder} is in use by process ${owner}`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new DatabaseError('database-sandbox-unavailable', `cannot lock the sandbox ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type PgliteModule = typeof import('./pgliteEntry');

/**
 * Loaded on first use: PGlite is a WebAssembly build of PostgreSQL that most runs never need. In
 * dist/ it is its own bundle with its asset files and the shipped template beside it (the .vsix
 * has no node_modules); run from source, the packages themselves, and the template of the last
 * build in the repository's dist/ (used only when made by the same PGlite build).
 */
async function loadPglite(): Promise<{ module: PgliteModule; assetFolder: string; shippedFolder: string }> {
  const bundled = path.join(__dirname, 'pglite.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (fs.existsSync(bundled)) return { module: require(bundled) as PgliteModule, assetFolder: __dirname, shippedFolder: __dirname };
  return {
    module: await import('./pgliteEntry'),
    assetFolder: path.dirname(require.resolve('@electric-sql/pglite')),
    shippedFolder: path.resolve(__dirname, '..', '..', '..', 'dist'),
  };
}

export async function openSandbox(folder: string): Promise<Sandbox> {
  const absolute = path.resolve(folder);
  createDirectory(absolute);
  const unlock = lockFolder(absolute);
  try {
    return await startSandbox(absolute, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The number in the socket's name (`.s.PGSQL.<port>`), which libpq and node-postgres build from the port. */
const SOCKET_PORT = 5432;

/**
 * A private folder for the server's Unix socket, or undefined on Windows (a loopback TCP port
 * there). A TCP port on a remote machine (SSH, containers, WSL, Codespaces) is one VS Code
 * forwards on its own to the user's computer, announcing "your application is available" for a
 * passwordless superuser; a socket file is never forwarded. In the temporary folder, not the
 * sandbox's: a socket path is limited to about 100 bytes, and workspace storage paths are long.
 */
async function socketFolder(): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  // Folders left by a killed process would pile up in the temporary folder otherwise.
  await removeStaleSocketFolders();
  return fs.mkdtempSync(path.join(os.tmpdir(), SOCKET_FOLDER_PREFIX));
}

async function startSandbox(absolute: string, unlock: () => void): Promise<Sandbox> {
  const { module, assetFolder, shippedFolder } = await loadPglite();
  const { PGlite, PGLiteSocketServer } = module;
  // A new folder starts from an initialised one (sandboxTemplate.ts): initdb is the slow part.
  const seed = await seedFromTemplate(absolute, { assetFolder, shippedFolder, create: (folder) => PGlite.create(folder) });
  const db = await PGlite.create(absolute);
  const socket = await socketFolder();
  const server = socket
    ? new PGLiteSocketServer({ db, path: path.join(socket, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: 8 })
    : new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  try {
    await server.start();
  } catch (error) {
    if (socket) fs.rmSync(socket, { recursive: true, force: true });
    throw error;
  }
  const address = server.getServerConn();
  const endpoint = socket ? { host: socket, port: SOCKET_PORT } : { host: '127.0.0.1', port: Number(address.slice(address.lastIndexOf(':') + 1)) };
  return {
    target: {
      settings: { ...endpoint, user: 'postgres', database: 'postgres', ssl: false },
      display: `sandbox ${absolute}`,
      secrets: [],
      canCancel: false,
    },
    seed,
    async close() {
      try {
        await server.stop();
        await db.close();
      } finally {
        if (socket) fs.rmSync(socket, { recursive: true, force: true });
        unlock();
      }
    },
  };
}
