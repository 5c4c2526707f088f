/** What a cold index does per file, shared by the main thread and the read worker. */
import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import { readMigrationHeader, type MigrationHeader } from '../python/header';
import { readMigrationText, type ReadOutcome } from './versionFiles';

export interface PrefetchedFile {
  path: string;
  outcome: ReadOutcome;
  header?: MigrationHeader;
  hash?: string;
}

export interface ReadJob {
  paths: string[];
  port: MessagePort;
  /** SharedArrayBuffer holding one Int32 the worker sets to 1 when it has posted its results. */
  flag: SharedArrayBuffer;
}

/** Reads a file from disk and its header as the cold index does for files not open in an editor. */
export function readPrefetch(path: string): PrefetchedFile {
  const outcome = readMigrationText(path);
  if (outcome.text === undefined) return { path, outcome };
  return {
    path,
    outcome,
    header: readMigrationHeader(path, outcome.text, { full: false, signatures: false }),
    hash: contentHash(outcome.text),
  };
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
