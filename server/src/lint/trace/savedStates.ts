/**
 * The trace's databases with their ancestors applied, saved on disk between sessions: applying
 * the ancestors of a migration in a long history is most of a first trace (seconds of PostgreSQL
 * in WebAssembly), while loading a saved database takes a fraction of that. One file per slot
 * (an environment) in the cache folder (`$XDG_CACHE_HOME/alembic-lens/trace-states/`, or
 * `~/.cache/...`), gzipped, with the key of the state it holds beside it; the few used longest
 * ago are removed, and a database larger than the limit is not saved.
 * `ALEMBIC_LENS_CACHE=off` turns it off, like the engine's cache.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { contentHash } from '../../common/contentHash';
import type { MemoryDatabase } from '../../database/memoryDatabase';

/** Saved databases kept at most, and the largest one saved. */
const MAX_FILES = 3;
const MAX_BYTES = 256 * 1024 * 1024;

export interface StateStore {
  load(slot: string, key: string): Promise<MemoryDatabase | undefined>;
  save(slot: string, key: string, database: MemoryDatabase): Promise<void>;
}

export function savedStates(open: (from: Blob) => Promise<MemoryDatabase>, env: NodeJS.ProcessEnv = process.env): StateStore | undefined {
  if (env.ALEMBIC_LENS_CACHE === 'off') return undefined;
  const folder = path.join(env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache'), 'alembic-lens', 'trace-states');
  const fileOf = (slot: string) => path.join(folder, `${contentHash(slot)}.tar.gz`);
  return {
    async load(slot, key) {
      const file = fileOf(slot);
      try {
        if (fs.readFileSync(`${file}.key`, 'utf8') !== key) return undefined;
        const data = zlib.gunzipSync(fs.readFileSync(file));
        const now = new Date();
        fs.utimesSync(file, now, now);
        return await open(new Blob([data]));
      } catch {
        // Not saved, unreadable, or not a database PGlite can load: apply the ancestors instead.
        return undefined;
      }
    },
    async save(slot, key, database) {
      try {
        const dump = await database.dump();
        if (dump.size > MAX_BYTES) return;
        fs.mkdirSync(folder, { recursive: true });
        const file = fileOf(slot);
        // Under a private name first, then renamed: a reader never sees half a file; the key is
        // written last, so a key always names a whole file.
        const building = `${file}.${process.pid}.tmp`;
        // The fastest gzip: most of a fresh data folder is zero-filled WAL and empty pages.
        fs.writeFileSync(building, zlib.gzipSync(Buffer.from(await dump.arrayBuffer()), { level: 1 }));
        fs.rmSync(`${file}.key`, { force: true });
        fs.renameSync(building, file);
        fs.writeFileSync(`${file}.key`, key);
        removeOldest(folder);
      } catch {
        // A cache that cannot be written costs the next session the ancestors again; nothing else.
      }
    },
  };
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
  }
}
