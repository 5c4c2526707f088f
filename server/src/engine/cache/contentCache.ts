/**
 * A cache of derived values keyed by the content hash of the file they were derived from, so a
 * changed file can never be served a stale value: its new content has a new key. All entries of
 * one kind and engine version live in one pack file (`<kind>-<version>.json`): one read and one
 * JSON parse for a 5,000-revision history is much cheaper than 5,000 small files. The engine
 * version is part of the file name, so upgrading the engine starts from an empty cache.
 *
 * Reading never throws: a missing, unreadable or corrupt pack file is an empty cache. Writing is
 * atomic (temporary file, then rename) so concurrent runs never see half a file; the last writer
 * wins, which only costs recomputation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDirectory, reportUnusableCacheDirectory } from './cacheDirectory';
import { TextFileWriter } from '../../common/textWrite';

interface PackFile<T> {
  kind: string;
  version: string;
  entries: Record<string, T>;
}

export class ContentCache<T> {
  private entries = new Map<string, T>();
  private loaded = false;
  private dirty = false;
  /** Keys read or written in this session; flush keeps only these so the pack does not grow forever. */
  private readonly used = new Set<string>();

  constructor(
    private readonly directory: string | null,
    private readonly kind: string,
    private readonly version: string,
    /** Keep at most this many entries, least recently used dropped first (large values: plans). */
    private readonly maxEntries = Infinity,
  ) {}

  get file(): string | null {
    if (!this.directory) return null;
    const safeVersion = this.version.replace(/[^A-Za-z0-9._-]/g, '_');
    return path.join(this.directory, `${this.kind}-${safeVersion}.json`);
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const file = this.file;
    if (!file) return;
    try {
      const pack = JSON.parse(fs.readFileSync(file, 'utf8')) as PackFile<T>;
      if (pack.kind === this.kind && pack.version === this.version && pack.entries && typeof pack.entries === 'object') {
        this.entries = new Map(Object.entries(pack.entries));
      }
    } catch {
      // No cache yet, or a corrupt one: start empty.
    }
  }

  /** True when a pack of this kind is on disk (false: caching is off, or nothing was kept yet). */
  hasPack(): boolean {
    const file = this.file;
    return file !== null && fs.existsSync(file);
  }

  get(key: string): T | undefined {
    this.load();
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Which keys were used only matters to a pack written to disk (flush).
      if (this.directory !== null) this.used.add(key);
      if (this.maxEntries !== Infinity) {
        // Move to the end of the (insertion-ordered) map: least recently used entries come first.
        this.entries.delete(key);
        this.entries.set(key, value);
        this.dirty = true;
      }
    }
    return value;
  }

  set(key: string, value: T): void {
    this.load();
    this.entries.set(key, value);
    if (this.directory !== null) this.used.add(key);
    this.dirty = true;
  }

  /** Writes the pack when something new was computed. Entries unused this session are dropped only
   *  when the pack would otherwise keep more than twice what this session used. */
  flush(): void {
    const file = this.file;
    if (!file || !this.dirty) return;
    let kept = [...this.entries];
    if (this.entries.size > 2 * this.used.size + 1000) kept = kept.filter(([key]) => this.used.has(key));
    if (kept.length > this.maxEntries) kept = kept.slice(kept.length - this.maxEntries);
    const unusable = ensureDirectory(path.dirname(file));
    if (unusable) {
      // Without a usable folder the cache lives in memory only; the run goes on at its own speed.
      reportUnusableCacheDirectory(path.dirname(file), unusable);
      return;
    }
    try {
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      writePack(temporary, this.kind, this.version, kept);
      fs.renameSync(temporary, file);
      this.dirty = false;
      this.removeOtherVersions(file);
    } catch (error) {
      // A read-only or full disk only costs speed next time.
      reportUnusableCacheDirectory(path.dirname(file), `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  /** Packs of older engine builds are never read again: remove them so the cache does not grow. */
  private removeOtherVersions(current: string): void {
    const directory = path.dirname(current);
    for (const name of fs.readdirSync(directory)) {
      const full = path.join(directory, name);
      if (full !== current && name.startsWith(`${this.kind}-`) && name.endsWith('.json')) {
        try {
          fs.unlinkSync(full);
        } catch {
          // Another process may have removed it first.
        }
      }
    }
  }
}

/**
 * The pack's JSON, `{"kind":...,"version":...,"entries":{...}}` as JSON.stringify writes it, entry
 * by entry (common/textWrite.ts): one string of the whole pack (34 MB of lint readings for a
 * 5,000-revision history) and its UTF-8 buffer cost 470 ms to write, 320 of them in the buffer.
 */
function writePack(file: string, kind: string, version: string, entries: readonly [string, unknown][]): void {
  const fd = fs.openSync(file, 'w');
  try {
    const out = new TextFileWriter(fd);
    out.write(`{"kind":${JSON.stringify(kind)},"version":${JSON.stringify(version)},"entries":{`);
    let first = true;
    for (const [key, value] of entries) {
      const json = JSON.stringify(value);
      // As JSON.stringify leaves out a property whose value has no JSON (undefined).
      if (json === undefined) continue;
      out.write(`${first ? '' : ','}${JSON.stringify(key)}:${json}`);
      first = false;
    }
    out.write('}}');
    out.end();
  } finally {
    fs.closeSync(fd);
  }
}
