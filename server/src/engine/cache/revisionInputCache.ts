/**
 * The revision records of an environment's migration files, cached by file content. Reading the
 * headers of 5,000 files with the Python parser dominates a warm `upgrade --sql`; with this cache
 * a warm run reads and hashes the files but parses none of them. A changed file has a new hash,
 * so it is parsed again; the key also includes the file's path because records carry it.
 *
 * The caller supplies the parsing (`compute`), so this module stays independent of how headers
 * are read. `null` records "this file has no revision id" (Alembic refuses such a history).
 */
import * as fs from 'node:fs';
import type { RevisionInput } from '../../graph/types';
import { ContentCache, contentHash } from './contentCache';

export interface HashedInput {
  path: string;
  hash: string;
  input: RevisionInput | null;
}

export function readRevisionInputs(
  paths: readonly string[],
  cache: ContentCache<RevisionInput | null> | null,
  compute: (path: string) => RevisionInput | null | 'unreadable',
): HashedInput[] {
  const results: HashedInput[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path);
    } catch {
      const input = compute(path);
      if (input !== 'unreadable') results.push({ path, hash: '', input });
      continue;
    }
    const hash = contentHash(bytes);
    const key = `${hash}:${path}`;
    const known = cache?.get(key);
    if (known !== undefined) {
      results.push({ path, hash, input: known });
      continue;
    }
    const input = compute(path);
    if (input === 'unreadable') continue;
    cache?.set(key, input);
    results.push({ path, hash, input });
  }
  cache?.flush();
  return results;
}
