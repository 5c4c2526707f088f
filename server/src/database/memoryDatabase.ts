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
 *
 * Opening starts by reading PGlite's WebAssembly and file-system bundle and compiling the module,
 * before anything else and before its first await: the reads run on libuv's threads and V8
 * validates the module on its own, so a caller that has main-thread work of its own (the trace
 * renders the ancestors' script) does it meanwhile instead of after (keptDatabases.ts).
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

/** A compiled WebAssembly module, opaque here (the project's TypeScript libraries do not declare WebAssembly). */
type CompiledWasm = object;
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm> };

interface PgliteInstance {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(sql: string): Promise<{ affectedRows?: number }[]>;
  dumpDataDir(compression?: 'none'): Promise<Blob>;
  close(): Promise<void>;
}

interface PgliteClass {
  create(options?: { loadDataDir?: Blob; fs?: unknown; pgliteWasmModule?: CompiledWasm; fsBundle?: Blob; startParams?: string[] }): Promise<PgliteInstance>;
  /** PGlite's own start-up arguments (single-user mode, no fsync, no parallel workers, ...). */
  defaultStartParams?: string[];
}

/**
 * Settings of a traced database, added to PGlite's own start-up arguments. Neither changes what a
 * trace reports (the locks taken, relfilenodes, rewrites); both shorten a first trace:
 * - shared_buffers: PostgreSQL's default, 128 MB, is zeroed and its buffer descriptors set up at
 *   every start, about 450 ms of a 750 ms start in PGlite's WebAssembly here; 16 MB starts in under
 *   300 ms and still holds far more than the catalog and the empty tables of a traced history.
 * - wal_init_zero=off: a new WAL segment is not filled with 16 MB of zeros first. In PGlite's
 *   in-memory file system those writes grow the file step by step, each step a copy of what it
 *   holds; applying 500 ancestors took about 0.4 s less CPU without them (median of 5, alternated).
 */
export const TRACE_SETTINGS: readonly string[] = ['shared_buffers=16MB', 'wal_init_zero=off'];

/** PGlite's start-up arguments with TRACE_SETTINGS; undefined (PGlite's own) when it does not export them. */
function startParamsOf(PGlite: PgliteClass): string[] | undefined {
  const defaults = PGlite.defaultStartParams;
  return Array.isArray(defaults) ? [...defaults, ...TRACE_SETTINGS.flatMap((setting) => ['-c', setting])] : undefined;
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

/** The PGlite bundle in dist/ (assets beside it), as sandbox.ts loads it; undefined when run from source. */
function bundledPglite(): string | undefined {
  const bundled = path.join(__dirname, 'pglite.js');
  return fs.existsSync(bundled) ? bundled : undefined;
}

/** PGlite as sandbox.ts loads it: the bundle in dist/, else the package. */
async function loadPgliteClass(bundled: string | undefined): Promise<PgliteModule & { shippedFolder: string }> {
  if (bundled) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require(bundled) as PgliteModule), shippedFolder: __dirname };
  }
  return {
    ...((await import('./pgliteEntry')) as unknown as PgliteModule),
    // Run from source: the last build's dist/ (used only when made by the same PGlite build).
    shippedFolder: path.resolve(__dirname, '..', '..', '..', 'dist'),
  };
}

/**
 * PGlite's compiled WebAssembly module, one per process (PGlite too keeps the module it compiled
 * for the process's later databases), and its file-system bundle read anew for each database.
 */
let compiledModule: { folder: string; module: Promise<CompiledWasm> } | undefined;

/** Starts reading and compiling PGlite's assets; undefined (PGlite then reads them itself) when they cannot be read. */
function startAssets(assetFolder: string): Promise<{ module: CompiledWasm; bundle: Blob } | undefined> {
  if (compiledModule?.folder !== assetFolder) {
    const module = fs.promises.readFile(path.join(assetFolder, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
    compiledModule = { folder: assetFolder, module };
  }
  const bundle = fs.promises.readFile(path.join(assetFolder, 'pglite.data'));
  return Promise.all([compiledModule.module, bundle]).then(
    ([module, data]) => ({ module, bundle: new Blob([data]) }),
    () => {
      compiledModule = undefined;
      return undefined;
    },
  );
}

/** A fresh database, or (`from`) one saved earlier with `dump()`. */
export async function openMemoryDatabase(env: NodeJS.ProcessEnv = process.env, from?: Blob): Promise<MemoryDatabase> {
  // Before the first await: the files are read and the module compiled while the caller goes on.
  const bundled = bundledPglite();
  const assetFolder = bundled ? __dirname : path.dirname(require.resolve('@electric-sql/pglite'));
  const assets = startAssets(assetFolder);
  const { PGlite, MemoryFS, shippedFolder } = await loadPgliteClass(bundled);
  const archive = from ? new Uint8Array(await from.arrayBuffer()) : await freshDump(PGlite, assetFolder, shippedFolder, env);
  const loaded = await assets;
  const preloaded = loaded ? { pgliteWasmModule: loaded.module, fsBundle: loaded.bundle } : {};
  const startParams = startParamsOf(PGlite);
  const options = startParams ? { ...preloaded, startParams } : preloaded;
  const db = await PGlite.create(!archive ? options : MemoryFS ? { ...options, fs: preloadedMemoryFs(MemoryFS, archive) } : { ...options, loadDataDir: new Blob([archive]) });
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
