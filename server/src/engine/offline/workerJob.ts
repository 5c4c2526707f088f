/**
 * The work one file needs on a cold cache, shared by the worker threads and the single-threaded
 * fallback so both produce exactly the same cache entries: content hash, revision record (the
 * header, read by the caller-supplied reader) and compiled migration.
 */
import * as fs from 'node:fs';
import type { RevisionInput } from '../../graph/types';
import { contentHash } from '../../common/contentHash';
import type { ThreadContext } from '../../common/threadContext';
import { readMigrationHeader } from '../../python/header';
import { decodeMigrationBytes, MAX_MIGRATION_FILE_BYTES, readMigrationText } from '../../project/versionFiles';
import { revisionInputFromHeader, withUnloadableMark } from './revisionInput';
import type { CompiledMigration } from './compiled';
import { MigrationCompiler } from './migrationCompiler';
import { DEFAULT_ENGINE_PARTS } from './defaultEngine';

export interface WorkerJob {
  paths: string[];
  withRevisionInputs: boolean;
  /** What the main thread knew when it made the job (common/threadContext.ts). */
  context: ThreadContext;
}

export interface FileResult {
  path: string;
  hash: string;
  /** `undefined` when the file could not be read as text. */
  input?: RevisionInput | null;
  compiled?: CompiledMigration;
}

const compiler = new MigrationCompiler(DEFAULT_ENGINE_PARTS, null);

export function compileFileForCache(path: string, withRevisionInputs: boolean): FileResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch {
    return { path, hash: '' };
  }
  const hash = contentHash(bytes);
  // Decode the bytes already read (the hash is of these bytes); only an oversized file goes
  // through readMigrationText, which reports it without decoding.
  const outcome = bytes.length > MAX_MIGRATION_FILE_BYTES ? readMigrationText(path) : decodeMigrationBytes(path, bytes);
  if (outcome.text === undefined) return { path, hash };
  const result: FileResult = { path, hash, compiled: compiler.compile(path, { text: outcome.text, hash }) };
  if (withRevisionInputs) result.input = withUnloadableMark(revisionInputFromHeader(readMigrationHeader(path, outcome.text)), outcome.problems) ?? null;
  return result;
}
