/**
 * A migration file as the index keeps it. Its content hash (the key of the engine's caches) is
 * computed on first use: a cold index of 5,000 files never needs it, and hashing every file cost
 * about a tenth of that index. Read from disk then, the hash names the text a cache keyed by it
 * will be compiled from (the engine reads the file itself); a file read from an editor buffer is
 * hashed at once, since its text is not on disk.
 */
import { contentHash } from '../common/contentHash';
import type { MigrationHeader } from '../python/header';
import type { MigrationFile } from './types';
import { readMigrationText } from './versionFiles';

export class IndexedMigrationFile implements MigrationFile {
  private knownHash: string | undefined;
  private knownHeader: MigrationHeader | undefined;

  constructor(
    readonly path: string,
    readonly versionLocation: string,
    /** A function when the header comes from the index cache: decoded only if someone asks. */
    private readonly headerSource: MigrationHeader | (() => MigrationHeader),
    hash?: string,
  ) {
    this.knownHash = hash;
    if (typeof headerSource !== 'function') this.knownHeader = headerSource;
  }

  get header(): MigrationHeader {
    return (this.knownHeader ??= (this.headerSource as () => MigrationHeader)());
  }

  get hash(): string {
    return (this.knownHash ??= hashOnDisk(this.path));
  }

  /**
   * Whether the header has problems, without decoding a cached header: the index cache keeps
   * only files without problems, so a header not decoded yet has none.
   */
  hasHeaderProblems(): boolean {
    return this.knownHeader !== undefined && this.knownHeader.problems.length > 0;
  }

  adoptHash(hash: string): void {
    this.knownHash ??= hash;
  }

  /** The hash of the text the header was read from, when it was computed then. */
  hashIfKnown(): string | undefined {
    return this.knownHash;
  }
}

function hashOnDisk(path: string): string {
  const outcome = readMigrationText(path);
  // An unreadable file gets a key no text can have, so no cache entry is ever shared with it.
  return outcome.text === undefined ? `unreadable:${path}` : contentHash(outcome.text);
}
