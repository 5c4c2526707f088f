/**
 * The version a cache file must carry to be read: a format number (bump it when what is stored,
 * or how the header reader reads, changes) and the running build. From the bundle that is its
 * size and mtime, so a rebuilt or upgraded CLI ignores every older cache; from source (tests,
 * tsx) the newest mtime of the header reader and the index, so editing them invalidates too.
 */
import { buildSignature } from '../../common/buildSignature';

export const INDEX_CACHE_FORMAT = 1;

let computed: string | undefined;

export function indexCacheVersion(): string {
  return (computed ??= `${INDEX_CACHE_FORMAT}-${buildSignature(['python', 'project'])}`);
}
