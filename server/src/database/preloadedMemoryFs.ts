/**
 * PGlite's in-memory file system with a data folder put in place before PostgreSQL starts, for
 * the trace's in-memory databases (memoryDatabase.ts). PGlite's own `loadDataDir` copies the
 * archive twice and, for every file, looks up each parent folder and writes it through
 * Emscripten's file API with its checksummed tar reader: 0.65 s for the 3,600 files of a
 * 500-revision trace state. Here each folder is made once and each file's contents is a view
 * into the archive (Emscripten's `canOwn`: no copy), before PGlite looks for the data folder, so
 * it finds one and starts PostgreSQL on it (docs/performance.md has the figures).
 */
import { ustarEntries } from './ustar';

/** The part of Emscripten's FS this needs. */
interface EmscriptenFs {
  mkdirTree(path: string): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
}

interface EmscriptenModule {
  FS: EmscriptenFs;
  ENV: Record<string, string>;
}

interface EmscriptenOptions {
  preRun?: ((module: EmscriptenModule) => void)[];
}

/** PGlite's MemoryFS, as the class the PGlite module exports. */
export interface MemoryFsClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- what TypeScript requires of a class extended here
  new (...args: any[]): { init(pg: unknown, options: EmscriptenOptions): Promise<{ emscriptenOpts: EmscriptenOptions }> };
}

/** Writes the archive's folders and files under `root`; throws on any other kind of entry. */
export function unpackInto(fs: EmscriptenFs, root: string, archive: Uint8Array): void {
  fs.mkdirTree(root);
  for (const entry of ustarEntries(archive)) {
    const target = entry.name ? `${root}/${entry.name}` : root;
    if (entry.name.split('/').includes('..')) throw new Error(`unexpected entry ${entry.name}`);
    if (entry.type === '5') {
      if (target !== root) fs.mkdir(target);
    } else if (entry.type === '0') fs.writeFile(target, entry.data, { canOwn: true });
    else throw new Error(`unexpected entry type ${entry.type} (${entry.name})`);
  }
}

/** A MemoryFS that holds `archive` (a data folder as PGlite dumps it) when PostgreSQL starts. */
export function preloadedMemoryFs<T extends MemoryFsClass>(MemoryFs: T, archive: Uint8Array): InstanceType<T> {
  class Preloaded extends MemoryFs {
    override async init(pg: unknown, options: EmscriptenOptions): Promise<{ emscriptenOpts: EmscriptenOptions }> {
      const { emscriptenOpts } = await super.init(pg, options);
      // PGlite's hooks have run by then: PGDATA names the data folder.
      const unpack = (module: EmscriptenModule): void => unpackInto(module.FS, module.ENV.PGDATA, archive);
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), unpack] } };
    }
  }
  return new Preloaded() as InstanceType<T>;
}
