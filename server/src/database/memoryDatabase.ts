/**
 * A throwaway embedded PostgreSQL kept in memory (PGlite without a data folder), spoken to
 * directly rather than through the loopback socket the sandboxes use. The lock trace applies
 * hundreds of migrations to it and queries the catalog after every statement: without a data
 * folder PGlite writes nothing to disk (about twice as fast under load, measured in
 * docs/performance.md), and without the socket each of those queries saves a round trip.
 *
 * Starting PGlite in memory runs initdb (seconds of WebAssembly); instead a fresh database is
 * dumped once per PGlite build into the cache folder (`pglite-memory-<build>.tar`, next to the
 * sandboxes' template) and every later start loads that dump.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchError, type QueryResult, type Session } from './session';
import { templateFolder } from './sandboxTemplate';

export interface MemoryDatabase {
  session: Session;
  close(): Promise<void>;
}

interface PgliteInstance {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(sql: string): Promise<{ affectedRows?: number }[]>;
  dumpDataDir(compression?: 'none'): Promise<Blob>;
  close(): Promise<void>;
}

interface PgliteClass {
  create(options?: { loadDataDir?: Blob }): Promise<PgliteInstance>;
}

async function freshDump(PGlite: PgliteClass, assetFolder: string, env: NodeJS.ProcessEnv): Promise<Blob | undefined> {
  const template = templateFolder(assetFolder, env);
  if (!template) return undefined;
  const file = template.replace(/pglite-template-/, 'pglite-memory-') + '.tar';
  try {
    return new Blob([fs.readFileSync(file)]);
  } catch {
    // Not made yet (or unreadable): make it below.
  }
  try {
    const db = await PGlite.create();
    const dump = await db.dumpDataDir('none');
    await db.close();
    // Written under a private name, then renamed: a reader never sees half a dump.
    const building = `${file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(building, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(building, file);
    return dump;
  } catch {
    return undefined;
  }
}

class PgliteSession implements Session {
  readonly lostError = undefined;
  constructor(
    private readonly db: PgliteInstance,
    readonly backendPid: number,
  ) {}
  async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    const result = await this.db.query(sql, params);
    return { rows: result.rows as Record<string, unknown>[], rowCount: result.affectedRows ?? null };
  }
  async queryMany(sql: string): Promise<(number | null)[]> {
    try {
      return (await this.db.exec(sql)).map((result) => result.affectedRows ?? null);
    } catch (error) {
      // PGlite does not say how many statements completed before the failing one.
      throw new BatchError(error, 0);
    }
  }
  async close(): Promise<void> {
    await this.db.close();
  }
}

/** PGlite as sandbox.ts loads it: the bundle in dist/ (assets beside it), else the package. */
async function loadPgliteClass(): Promise<{ PGlite: PgliteClass; assetFolder: string }> {
  const bundled = path.join(__dirname, 'pglite.js');
  if (fs.existsSync(bundled)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { PGlite: (require(bundled) as typeof import('./pgliteEntry')).PGlite as unknown as PgliteClass, assetFolder: __dirname };
  }
  return { PGlite: (await import('./pgliteEntry')).PGlite as unknown as PgliteClass, assetFolder: path.dirname(require.resolve('@electric-sql/pglite')) };
}

export async function openMemoryDatabase(env: NodeJS.ProcessEnv = process.env): Promise<MemoryDatabase> {
  const { PGlite, assetFolder } = await loadPgliteClass();
  const dump = await freshDump(PGlite, assetFolder, env);
  const db = await PGlite.create(dump ? { loadDataDir: dump } : undefined);
  const pid = await db.query('SELECT pg_backend_pid() AS pid');
  const session = new PgliteSession(db, Number((pid.rows[0] as { pid: unknown }).pid));
  return { session, close: () => session.close() };
}
