/**
 * The revision records of an environment's migration files, cached by file content. Reading the
 * headers of 5,000 files with the Python parser dominates a warm `upgrade --sql`; with this cache
 * a warm run reads and hashes the files but parses none of them. A changed file has a new hash,
 * so it is parsed again; the key also includes the file's path because records carry it.
 *
 * Two phases, so the caller can compute the misses however it likes (worker threads for a cold
 * history, the main thread otherwise). `null` records "this file has no revision id" (Alembic
 * refuses such a history).
 */
import * as fs from 'node:fs';
import type { RevisionInput } from '../../graph/types';
import { ContentCache } from './contentCache';
import { contentHash } from '../../common/contentHash';

export interface HashedInput {
  path: string;
  /** Empty when the file could not be read. */
  hash: string;
  /** `undefined` until known (a cache miss). */
  input?: RevisionInput | null;
}

export function revisionCacheKey(path: string, hash: string): string {
  return `${hash}:${path}`;
}

/** Phase one: read and hash every file, take what the cache knows. */
export function lookupRevisionInputs(paths: readonly string[], cache: ContentCache<RevisionInput | null> | null): HashedInput[] {
  return paths.map((path) => {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path);
    } catch {
      return { path, hash: '' };
    }
    const hash = contentHash(bytes);
    const known = cache?.get(revisionCacheKey(path, hash));
    return known === undefined ? { path, hash } : { path, hash, input: known };
  });
}

/** Phase two: remember computed records (the caller flushes the cache). */
export function rememberRevisionInput(cache: ContentCache<RevisionInput | null> | null, entry: HashedInput): void {
  if (cache && entry.hash && entry.input !== undefined) cache.set(revisionCacheKey(entry.path, entry.hash), entry.input);
}
