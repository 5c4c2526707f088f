/**
 * A persistent cache of the header facts the cold index reads from each migration file, so a
 * repeated CLI run stats the files instead of reading and parsing them. One cache per
 * environment (named by its versions folders' absolute paths) under the shared cache folder
 * (common/persistentCache), in two files (see Layout).
 *
 * Trust rules, in the order they apply:
 * - the index file's first line names the format and the running build (indexCacheVersion.ts):
 *   any other build's cache is ignored, so an upgraded Alembic Lens starts cold;
 * - its second line is the SHA-1 of the rest: a truncated or corrupt index is ignored and rebuilt;
 * - an entry serves a file only when path, size, mtime, ctime (ns) and inode all match
 *   (fileStamp.ts);
 * - an entry whose file changed less than RACY_MARGIN_MS before the cache was written carries the
 *   content hash of the text it was read from and is served only when the file still hashes the
 *   same. A same-size edit within one timestamp tick leaves the stamp as it was; this is git's
 *   "racily clean" case, handled the same way.
 * Files with problems of their own (unreadable, not UTF-8, header or docstring problems), with
 * suppression comments or with imported constants in the header are never cached: they are read every time, so what the index reports about them is always fresh.
 *
 * Layout: two files per environment. `<name>.index`: a line with format and build, a line with
 * the checksum of the rest, then one line of JSON with every file's stamp, revision record and
 * where its header is. `<name>.headers`: the files' headers as compact JSON (headerCodec.ts),
 * back to back, each checked against its own checksum in the index before it is decoded. A run
 * reads the index only; the headers file is read when something asks for a header (a graph issue
 * to locate, a docstring to show), so a warm `heads` costs the stats and one small parse. When
 * a header's checksum does not match (another run replaced the headers file between our two
 * reads), that file is read and parsed again instead.
 *
 * Writing goes to a temporary file renamed over the cache: a concurrent run reads the old or the
 * new file, never half of one; the last writer wins, which only costs a re-read next time.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { contentHash } from '../../common/contentHash';
import { emptyList } from '../../common/emptyList';
import { ensureDirectory, persistentCacheFolder, reportUnusableCacheDirectory } from '../../common/persistentCache/directory';
import { modifiedAt, removeAbandonedTemporaries, removeQuietly } from '../../common/persistentCache/tidy';
import type { RevisionInput } from '../../graph/types';
import { readMigrationHeader, type MigrationHeader } from '../../python/header';
import type { CachedFileFacts, FileSource } from '../environmentState';
import { readMigrationText } from '../versionFiles';
import { decodeHeader, encodeHeader } from './headerCodec';
import { sameStamp, stampOf, stampTimeMs, type FileStamp } from './fileStamp';
import { indexCacheVersion } from './indexCacheVersion';

/** Files changed this recently before the cache write are verified by content hash. */
export const RACY_MARGIN_MS = 3000;
const MAGIC = 'alembic-lens-index';
const NEWLINE = 10;
/** Headers read one by one before the whole headers file is read instead. */
const SLICE_READS = 64;

/**
 * What is stored per file: size, mtime and ctime (ns), inode, the content hash (racy entries
 * only, else null), the revision record, and where the header's JSON is in the header section.
 */
type StoredEntry = [number, string, string, string, string | null, StoredInput | null, number, number, string];

/**
 * A revision record as [id, down revisions, branch labels, depends_on, message, docstring,
 * create date]: its key and path are the file's path, so they are not stored twice (a fifth of
 * the index), and it comes back as the same object literal the cold reader builds.
 */
type StoredInput = [string, string[], string[], string[], string | null, string | null, string | null];

interface StoredIndex {
  locations: string[];
  entries: Record<string, StoredEntry>;
}

/** An entry for the next write: the header's JSON as bytes (carried over or freshly encoded). */
interface NextEntry {
  stamp: FileStamp;
  hash: string | null;
  input: StoredInput | null;
  /** Bytes of the header's JSON: from the old headers file (read on demand) or freshly encoded. */
  header: () => Uint8Array;
  headerSum: string;
}

export interface IndexCacheOptions {
  env?: NodeJS.ProcessEnv;
  /** The build's cache version (tests pass their own to check that another version is ignored). */
  version?: string;
  /** The clock, in milliseconds. */
  now?: () => number;
}

export class IndexCache {
  private stored: Record<string, StoredEntry> = {};
  private headerBytes: Buffer | undefined;
  private sliceReads = 0;
  private readonly hits = new Map<string, CachedFileFacts>();
  private readonly stamps = new Map<string, FileStamp>();
  private readonly next = new Map<string, NextEntry>();
  private dirty = false;
  /** Why the stored file was not used (missing, other version, checksum, ...), for tests and logs. */
  ignoredBecause: string | undefined;

  private constructor(
    /** The index file; the headers file is next to it (`.headers`). */
    readonly file: string,
    private readonly locations: string[],
    private readonly version: string,
    private readonly now: () => number,
  ) {}

  /** The cache of the environment with these versions folders; undefined when disk caches are off. */
  static open(versionLocations: readonly string[], options: IndexCacheOptions = {}): IndexCache | undefined {
    const folder = persistentCacheFolder('index', options.env);
    if (!folder) return undefined;
    const locations = versionLocations.map((location) => nodePath.resolve(location));
    const name = `env-${contentHash(JSON.stringify(locations)).slice(0, 20)}.index`;
    const cache = new IndexCache(nodePath.join(folder, name), locations, options.version ?? indexCacheVersion(), options.now ?? Date.now);
    cache.load();
    return cache;
  }

  get headersFile(): string {
    return this.file.replace(/\.index$/, '.headers');
  }

  private load(): void {
    let raw: Buffer;
    try {
      raw = fs.readFileSync(this.file);
    } catch {
      this.ignoredBecause = 'missing';
      this.dirty = true;
      return;
    }
    const firstEnd = raw.indexOf(NEWLINE);
    const secondEnd = raw.indexOf(NEWLINE, firstEnd + 1);
    if (firstEnd < 0 || secondEnd < 0 || raw[raw.length - 1] !== NEWLINE) return this.ignore('truncated');
    if (raw.toString('utf8', 0, firstEnd) !== `${MAGIC}\t${this.version}`) return this.ignore('other version');
    if (contentHash(raw.subarray(secondEnd + 1)) !== raw.toString('latin1', firstEnd + 1, secondEnd)) return this.ignore('checksum');
    try {
      const index = JSON.parse(raw.toString('utf8', secondEnd + 1)) as StoredIndex;
      if (JSON.stringify(index.locations) !== JSON.stringify(this.locations) || typeof index.entries !== 'object' || index.entries === null) {
        return this.ignore('other environment');
      }
      this.stored = index.entries;
    } catch {
      this.ignore('unreadable');
    }
  }

  /** The bytes of the headers file, read once when the first header is asked for (empty if unreadable). */
  private headers(): Buffer {
    if (!this.headerBytes) {
      try {
        this.headerBytes = fs.readFileSync(this.headersFile);
      } catch {
        this.headerBytes = Buffer.alloc(0);
      }
    }
    return this.headerBytes;
  }

  /**
   * One header's bytes. A run usually needs a few headers (the heads' issues to place): those are
   * read at their offset; past SLICE_READS the whole file is read once (a 5,000-revision headers
   * file is about 9 MB, a whole read costs what a few hundred slices do).
   */
  private headerSlice(offset: number, length: number): Buffer {
    if (this.headerBytes || ++this.sliceReads > SLICE_READS) return this.headers().subarray(offset, offset + length);
    const bytes = Buffer.alloc(length);
    try {
      const descriptor = fs.openSync(this.headersFile, 'r');
      try {
        return bytes.subarray(0, fs.readSync(descriptor, bytes, 0, length, offset));
      } finally {
        fs.closeSync(descriptor);
      }
    } catch {
      return Buffer.alloc(0);
    }
  }

  /** The stored header when its bytes still have the checksum the index names; else read afresh. */
  private storedHeader(path: string, offset: number, length: number, sum: string): MigrationHeader {
    const bytes = this.headerSlice(offset, length);
    if (bytes.length === length && headerChecksum(bytes) === sum) {
      try {
        return decodeHeader(JSON.parse(bytes.toString('utf8')));
      } catch {
        // Fall through: never trust what does not decode.
      }
    }
    return readMigrationHeader(path, readMigrationText(path).text ?? '', { signatures: false });
  }

  private ignore(reason: string): void {
    this.ignoredBecause = reason;
    // Whatever was there is replaced by this run's cache.
    this.dirty = true;
  }

  /**
   * Stats every file of the listing and takes what the cache holds for unchanged ones. Returns
   * the paths that must be read.
   */
  prepare(paths: readonly string[]): string[] {
    const misses: string[] = [];
    const recent = this.now() - RACY_MARGIN_MS;
    for (const path of paths) {
      const stamp = stampOf(path);
      const entry = this.stored[path];
      if (stamp) this.stamps.set(path, stamp);
      const hit = stamp && entry ? this.verify(path, stamp, entry, recent) : undefined;
      if (hit) this.hits.set(path, hit);
      else misses.push(path);
    }
    // A stored entry not served (changed or deleted file) must go; a miss that is read and
    // remembered marks the cache dirty itself. Files never cached (with problems) cost no write.
    if (Object.keys(this.stored).length !== this.hits.size) this.dirty = true;
    return misses;
  }

  private verify(path: string, stamp: FileStamp, entry: StoredEntry, recent: number): CachedFileFacts | undefined {
    const [size, mtimeNs, ctimeNs, ino, hash, input, offset, length, headerSum] = entry;
    if (!sameStamp(stamp, { size, mtimeNs, ctimeNs, ino })) return undefined;
    if (hash !== null) {
      // Racily clean when written: the stamp alone cannot tell a same-size edit in the same tick.
      const text = readMigrationText(path).text;
      if (text === undefined || contentHash(text) !== hash) return undefined;
      if (stampTimeMs(stamp) < recent) this.dirty = true; // no longer racy: rewrite without the hash
    }
    if (typeof offset !== 'number' || typeof length !== 'number' || typeof headerSum !== 'string') return undefined;
    let decoded: MigrationHeader | undefined;
    const header = (): MigrationHeader => (decoded ??= this.storedHeader(path, offset, length, headerSum));
    // Carried into the next write lazily: the headers file is read only when something changed.
    this.next.set(path, { stamp, hash, input, header: () => this.headers().subarray(offset, offset + length), headerSum });
    return { input: input ? inputOf(path, input) : undefined, hash: hash ?? undefined, header };
  }

  /** `base` with the cached facts offered to the index, and fresh reads remembered. */
  source(base: FileSource): FileSource {
    return {
      read: (path) => base.read(path),
      isOverlay: (path) => base.isOverlay(path),
      cached: (path) => this.hits.get(path),
      remember: (path, text, header, input) => this.remember(path, text, header, input),
    };
  }

  private remember(path: string, text: string, header: MigrationHeader, input: RevisionInput | undefined): void {
    const stamp = this.stamps.get(path);
    // Records that name another key (none today) or need the workspace are read every time.
    if (!stamp || (input && (input.key !== path || input.path !== path || input.hasUnresolvedReferences))) return;
    // Hash only what may turn out racy at write time (with a second of slack for the run itself).
    const hash = stampTimeMs(stamp) >= this.now() - RACY_MARGIN_MS - 1000 ? contentHash(text) : null;
    const bytes = Buffer.from(JSON.stringify(encodeHeader(header)), 'utf8');
    this.next.set(path, { stamp, hash, input: input ? storedInputOf(input) : null, header: () => bytes, headerSum: headerChecksum(bytes) });
    this.dirty = true;
  }

  /**
   * True when every one of `paths` is cacheable (served from the cache, or read and remembered:
   * no problems, no imported constants). The CLI's answer cache stores a whole answer only over
   * such files, whose facts depend on their own text alone.
   */
  allCacheable(paths: readonly string[]): boolean {
    for (const path of paths) if (!this.next.has(path)) return false;
    return true;
  }

  /** Writes the cache when this run learnt something. Never throws: a failure costs speed only. */
  flush(): void {
    if (!this.dirty) return;
    const recent = this.now() - RACY_MARGIN_MS;
    const entries: Record<string, StoredEntry> = {};
    const headers: Uint8Array[] = [];
    let offset = 0;
    for (const [path, entry] of this.next) {
      const { stamp } = entry;
      const racy = stampTimeMs(stamp) >= recent;
      // A racy entry without a hash could never be verified: leave the file out.
      if (racy && entry.hash === null) continue;
      const bytes = entry.header();
      // A carried-over header whose bytes changed under us (another run's headers file) is dropped.
      if (headerChecksum(bytes) !== entry.headerSum) continue;
      entries[path] = [stamp.size, stamp.mtimeNs, stamp.ctimeNs, stamp.ino, racy ? entry.hash : null, entry.input, offset, bytes.length, entry.headerSum];
      headers.push(bytes);
      offset += bytes.length;
    }
    const index = JSON.stringify({ locations: this.locations, entries } satisfies StoredIndex) + '\n';
    const folder = nodePath.dirname(this.file);
    const unusable = ensureDirectory(folder);
    if (unusable) {
      reportUnusableCacheDirectory(folder, unusable);
      return;
    }
    // Headers first: an index never names a headers file older than itself, and a newer one
    // (a concurrent run) fails the per-header checksums, which only costs a re-read.
    if (!this.writeAtomically(this.headersFile, Buffer.concat(headers))) return;
    if (this.writeAtomically(this.file, `${MAGIC}\t${this.version}\n${contentHash(index)}\n${index}`)) this.dirty = false;
    removeAbandonedTemporaries(folder, this.now());
    removeOldestEnvironments(folder, this.file);
  }

  private writeAtomically(file: string, content: string | Uint8Array): boolean {
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(temporary, content);
      fs.renameSync(temporary, file);
      return true;
    } catch (error) {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Never written.
      }
      reportUnusableCacheDirectory(nodePath.dirname(file), `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return false;
    }
  }
}

/**
 * Environments whose caches are kept. Every folder of versions ever indexed gets its own pair of
 * files (temporary checkouts, test runs), so past this many the ones written longest ago go.
 */
export const MAX_CACHED_ENVIRONMENTS = 64;

function removeOldestEnvironments(folder: string, current: string): void {
  try {
    const indexes = fs.readdirSync(folder).filter((name) => name.endsWith('.index'));
    if (indexes.length <= MAX_CACHED_ENVIRONMENTS) return;
    const written = indexes
      .map((name) => nodePath.join(folder, name))
      .filter((file) => file !== current)
      .map((file) => ({ file, at: modifiedAt(file) }))
      .sort((a, b) => a.at - b.at);
    for (const { file } of written.slice(0, indexes.length - MAX_CACHED_ENVIRONMENTS)) {
      for (const victim of [file, file.replace(/\.index$/, '.headers')]) removeQuietly(victim);
    }
  } catch {
    // Only tidiness is lost.
  }
}

/** A short checksum of one stored header's bytes. */
function headerChecksum(bytes: Uint8Array): string {
  return contentHash(bytes).slice(0, 16);
}

function storedInputOf(input: RevisionInput): StoredInput {
  return [input.id, [...input.downRevisions], [...input.branchLabels], [...input.dependsOn], input.message ?? null, input.docstring ?? null, input.createDate ?? null];
}

/** The record as revisionInputs.ts builds it: one literal, every field, in the same order. */
function inputOf(path: string, stored: StoredInput): RevisionInput {
  const [id, downRevisions, branchLabels, dependsOn, message, docstring, createDate] = stored;
  return {
    id,
    downRevisions: listOf(downRevisions),
    branchLabels: listOf(branchLabels),
    dependsOn: listOf(dependsOn),
    key: path,
    path,
    message: message ?? undefined,
    docstring: docstring ?? undefined,
    createDate: createDate ?? undefined,
  };
}

function listOf(values: string[]): readonly string[] {
  return values.length === 0 ? emptyList() : values;
}
