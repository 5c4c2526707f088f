/**
 * The embedded database (`--sandbox PATH`, the editor's per-environment sandbox): PGlite keeps a
 * PostgreSQL data folder (created on first use, reused after), and pglite-socket serves it on a
 * loopback port so the same `pg`-based executor runs against it. PGlite is one backend: it cannot
 * cancel a running statement, and connections take turns (a transaction keeps the others waiting).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatabaseTarget } from './session';

export interface Sandbox {
  target: DatabaseTarget;
  close(): Promise<void>;
}

export async function openSandbox(folder: string): Promise<Sandbox> {
  const absolute = path.resolve(folder);
  fs.mkdirSync(absolute, { recursive: true });
  // Loaded on first use: PGlite is a WebAssembly build of PostgreSQL that most runs never need.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(absolute);
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return {
    target: {
      settings: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres', ssl: false },
      display: `sandbox ${absolute}`,
      secrets: [],
      canCancel: false,
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
