/**
 * A throwaway embedded PostgreSQL kept in memory (PGlite without a data folder), spoken to
 * directly rather than through the loopback socket the sandboxes use. The lock trace applies
 * hundreds of migrations to it and queries the catalog after every statement: without a data
 * folder PGlite writes nothing to disk (about twice as fast under load, measured in
 * docs/performance.md), and without the socket each of those queries saves a round trip.
 *
 * Starting PGlite in memory runs initdb (seconds of WebAssembly); instead it starts on a dump of a
 * fresh database: the one cached for this PGlite build (`pglite-memory-<build>.tar`, next to the
 * sandboxes' template), else the data folder the build ships (`pglite-template.tar.br`, when made
 * by this PGlite build), else one made once by initdb and cached. A dump is put in place by
 * preloadedMemoryFs.ts rather than PGlite's slower loadDataDir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { preloadedMemoryFs, type MemoryFsClass } from './preloadedMemoryFs';
import { BatchError, type QueryResult, type Session } from './session';
import { templateFolder } from './sandboxTemplate';
import { pgliteBuildKey, SHIPPED_TEMPLATE_ARCHIVE, SHIPPED_TEMPLATE_BUILD } from './shippedTemplate';

export interface MemoryDatabase {
  session: Session;
  /**
   * The whole database as a tar (PGlite's dumpDataDir), to be opened again with `from`; checkpointed
   * first (checkpointedDump), so opening it replays no WAL.
   */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

interface PgliteInstance {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(sql: string): Promise<{ affectedRows?: number }[]>;
  dumpDataDir(compression?: 'none'): Promise<Blob>;
  close(): Promise<void>;
}

interface PgliteClass {
  create(options?: { loadDataDir?: Blob; fs?: unknown }): Promise<PgliteInstance>;
}

interface PgliteModule {
  PGlite: PgliteClass;
  /** Absent from a dist/pglite.js built before it was exported: PGlite's loadDataDir then. */
  MemoryFS?: MemoryFsClass;
}

/** The shipped data folder (shippedTemplate.ts) as a tar, when it was made by this PGlite build. */
function shippedDump(shippedFolder: string, assetFolder: string): Uint8Array | undefined {
  try {
    const recorded = JSON.parse(fs.readFileSync(path.join(shippedFolder, SHIPPED_TEMPLATE_BUILD), 'utf8')) as { build?: unknown };
    if (recorded.build !== pgliteBuildKey(assetFolder)) return undefined;
    return zlib.brotliDecompressSync(fs.readFileSync(path.join(shippedFolder, SHIPPED_TEMPLATE_ARCHIVE)));
  } catch {
    return undefined;
  }
}

async function freshDump(PGlite: PgliteClass, assetFolder: string, shippedFolder: string, env: NodeJS.ProcessEnv): Promise<Uint8Array | undefined> {
  const template = templateFolder(assetFolder, env);
  const file = template ? template.replace(/pglite-template-/, 'pglite-memory-') + '.tar' : undefined;
  try {
    if (file) return fs.readFileSync(file);
  } catch {
    // Not made yet (or unreadable): the shipped one, or make one below.
  }
  const shipped = shippedDump(shippedFolder, assetFolder);
  if (shipped || !file) return shipped;
  try {
    const db = await PGlite.create();
    const dump = await db.dumpDataDir('none');
    await db.close();
    // Written under a private name, then renamed: a reader never sees half a dump.
    const building = `${file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const archive = new Uint8Array(await dump.arrayBuffer());
    fs.writeFileSync(building, archive);
    fs.renameSync(building, file);
    return archive;
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
async function loadPgliteClass(): Promise<PgliteModule & { assetFolder: string; shippedFolder: string }> {
  const bundled = path.join(__dirname, 'pglite.js');
  if (fs.existsSync(bundled)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require(bundled) as PgliteModule), assetFolder: __dirname, shippedFolder: __dirname };
  }
  return {
    ...((await import('./pgliteEntry')) as unknown as PgliteModule),
    assetFolder: path.dirname(require.resolve('@electric-sql/pglite')),
    // Run from source: the last build's dist/ (used only when made by the same PGlite build).
    shippedFolder: path.resolve(__dirname, '..', '..', '..', 'dist'),
  };
}

/** A fresh database, or (`from`) one saved earlier with `dump()`. */
export async function openMemoryDatabase(env: NodeJS.ProcessEnv = process.env, from?: Blob): Promise<MemoryDatabase> {
  const { PGlite, MemoryFS, assetFolder, shippedFolder } = await loadPgliteClass();
  const archive = from ? new Uint8Array(await from.arrayBuffer()) : await freshDump(PGlite, assetFolder, shippedFolder, env);
  const db = await PGlite.create(!archive ? undefined : MemoryFS ? { fs: preloadedMemoryFs(MemoryFS, archive) } : { loadDataDir: new Blob([archive]) });
  const pid = await db.query('SELECT pg_backend_pid() AS pid');
  const session = new PgliteSession(db, Number((pid.rows[0] as { pid: unknown }).pid));
  return { session, dump: () => checkpointedDump(db), close: () => session.close() };
}

/**
 * PGlite dumps the data folder as it is: WAL written since the last checkpoint included, which
 * PostgreSQL replays when the dump is opened again (after applying a long history: every
 * ancestor's DDL a second time, a quarter of the load). A checkpoint first makes the dump a clean
 * state; with WAL recycling off for it, the segments before the checkpoint are removed rather
 * than renamed for reuse (16 MB less to compress, store and load for a 500-revision history). Only this session's setting changes; the
 * trace's statements never see it.
 */
async function checkpointedDump(db: PgliteInstance): Promise<Blob> {
  await db.query('SET wal_recycle = off');
  try {
    await db.query('CHECKPOINT');
  } finally {
    await db.query('RESET wal_recycle');
  }
  return db.dumpDataDir('none');
}
