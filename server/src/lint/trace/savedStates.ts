/**
 * The trace's databases with their ancestors applied, saved on disk between sessions: applying
 * the ancestors of a migration in a long history is most of a first trace (seconds of PostgreSQL
 * in WebAssembly), while loading a saved database takes a fraction of that. One file per slot
 * (an environment) in the cache folder (`$XDG_CACHE_HOME/alembic-lens/trace-states/`, or
 * `~/.cache/...`), gzipped, with the key of the state it holds and the statements applied to it
 * beside it: the next session loads it for that state, or for a later one its statements begin
 * (the next migration's: only the rest is applied). The few used longest ago are removed, and a
 * database larger than the limit is not saved.
 * `ALEMBIC_LENS_CACHE=off` turns it off, like the engine's cache.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { contentHash } from '../../common/contentHash';
import { createDirectory } from '../../common/createDirectory';
import type { MemoryDatabase } from '../../database/memoryDatabase';

/** Saved databases kept at most, and the largest one saved. */
const MAX_FILES = 3;
const MAX_BYTES = 256 * 1024 * 1024;

export interface SavedState {
  database: MemoryDatabase;
  /** The key of the state it holds. */
  key: string;
  /** The statements applied to it (absent in a state saved without them). */
  statements?: readonly string[];
}

export interface StateStore {
  /**
   * The state saved for the slot when it is `key`'s, or when `continues` accepts the statements
   * it holds (the caller applies the rest).
   */
  load(slot: string, key: string, continues?: (held: readonly string[]) => boolean): Promise<SavedState | undefined>;
  save(slot: string, key: string, database: MemoryDatabase, statements?: readonly string[]): Promise<void>;
}

export function savedStates(open: (from: Blob) => Promise<MemoryDatabase>, env: NodeJS.ProcessEnv = process.env): StateStore | undefined {
  if (env.ALEMBIC_LENS_CACHE === 'off') return undefined;
  const folder = path.join(env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache'), 'alembic-lens', 'trace-states');
  const fileOf = (slot: string) => path.join(folder, `${contentHash(slot)}.tar.gz`);
  return {
    async load(slot, key, continues) {
      const file = fileOf(slot);
      try {
        const savedKey = fs.readFileSync(`${file}.key`, 'utf8');
        const statements = readStatements(file);
        if (savedKey !== key && !(continues && statements && continues(statements))) return undefined;
        const data = zlib.gunzipSync(fs.readFileSync(file));
        const now = new Date();
        fs.utimesSync(file, now, now);
        return { database: await open(new Blob([data])), key: savedKey, statements };
      } catch {
        // Not saved, unreadable, or not a database PGlite can load: apply the ancestors instead.
        return undefined;
      }
    },
    async save(slot, key, database, statements) {
      try {
        const dump = await database.dump();
        if (dump.size > MAX_BYTES) return;
        createDirectory(folder);
        const file = fileOf(slot);
        // Under a private name first, then renamed: a reader never sees half a file; the key is
        // removed first and written last, so a key always names a whole file and its statements.
        const building = `${file}.${process.pid}.tmp`;
        // The fastest gzip: most of a fresh data folder is zero-filled WAL and empty pages.
        fs.writeFileSync(building, zlib.gzipSync(Buffer.from(await dump.arrayBuffer()), { level: 1 }));
        fs.rmSync(`${file}.key`, { force: true });
        fs.renameSync(building, file);
        if (statements) fs.writeFileSync(`${file}.statements`, zlib.gzipSync(JSON.stringify(statements), { level: 1 }));
        else fs.rmSync(`${file}.statements`, { force: true });
        fs.writeFileSync(`${file}.key`, key);
        removeOldest(folder);
      } catch {
        // A cache that cannot be written costs the next session the ancestors again; nothing else.
      }
    },
  };
}

/** The statements saved with a state (JSON, gzipped), or undefined. */
function readStatements(file: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(zlib.gunzipSync(fs.readFileSync(`${file}.statements`)).toString('utf8'));
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function removeOldest(folder: string): void {
  const saved = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.tar.gz'))
    .map((name) => ({ file: path.join(folder, name), at: fs.statSync(path.join(folder, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of saved.slice(MAX_FILES)) {
    fs.rmSync(old.file, { force: true });
    fs.rmSync(`${old.file}.key`, { force: true });
    fs.rmSync(`${old.file}.statements`, { force: true });
  }
}
