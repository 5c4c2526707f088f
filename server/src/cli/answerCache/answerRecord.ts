/**
 * The answer cache: the whole output of a read command (`heads`, `branches`, `history`, `show`)
 * stored with the stamp of every file and folder the answer was computed from, so that a repeated
 * run over unchanged files prints it after stat-ing them, without loading the engine.
 *
 * This module is shared by the writer (recordAnswer.ts, in the main bundle) and the reader
 * (replayAnswer.ts, in the small entry bundle that runs before the main one is loaded), so it
 * imports only Node and two small helpers: everything it pulls in is paid by every run.
 *
 * Trust rules (the index cache's, project/indexCache/, applied to the whole answer):
 * - the record names the build (the entry and main bundles' sizes and mtimes): another build's
 *   record is never read;
 * - the record carries the SHA-1 of its body: a truncated or altered record is a miss;
 * - every watched path must have the same size, mtime and ctime (ns) and inode, or still be absent
 *   when it was absent; folders are watched too, so an added, removed or renamed file changes its
 *   folder's stamp even when no listed file changed;
 * - a record is written only when no watched path changed less than RACY_MARGIN_MS before the run
 *   started. A change after that moment gives the path a ctime later than the stored one (ctime
 *   cannot be set back), so the stamps cannot match again, even for a same-size edit in the same
 *   timestamp tick.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { contentHash } from '../../common/contentHash';
import { persistentCacheFolder } from '../../common/persistentCache/directory';

/** Bump when what a record holds, or what an answer depends on, changes. */
export const ANSWER_FORMAT = 1;
/** Paths changed this recently before the run started make its answer unrecordable. */
export const RACY_MARGIN_MS = 3000;
const MAGIC = 'alembic-lens-answer';
/** Set to `off`, only the answer cache is off (the index cache still works): to measure one without the other. */
export const ANSWER_CACHE_VARIABLE = 'ALEMBIC_LENS_ANSWER_CACHE';
/** Set to 1, the CLI says on standard error whether an answer was replayed or recorded, and why not. */
export const ANSWER_TRACE_VARIABLE = 'ALEMBIC_LENS_ANSWER_TRACE';

/**
 * size, mtime and ctime (ms, as Node gives them), inode; null for a path that did not exist.
 * Milliseconds are enough: recorded paths are at least RACY_MARGIN_MS older than the run, so any
 * later change moves the ctime by more than that. Plain numbers (not BigInt nanoseconds) halve
 * what stat-ing 5,000 files costs a replay.
 */
export type WatchedStamp = [number, number, number, number] | null;

/** Watched paths grouped by folder: folder → [name or '' for the folder itself, stamp]. */
export type WatchedPaths = Record<string, Array<[string, WatchedStamp]>>;

export interface AnswerRecord {
  watched: WatchedPaths;
  stdout: string;
  exitCode: number;
}

/** What the answer is looked up by: the command line, where it runs, and the variables the CLI reads. */
export interface AnswerQuestion {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The entry and main bundles' identity, or undefined when not running from the bundles (from
 * source, the answer cache is off: there is no single file whose stamp names the build).
 */
export function answerBuild(bundleFolder: string): string | undefined {
  try {
    const entry = fs.statSync(nodePath.join(bundleFolder, 'cli.js'));
    const main = fs.statSync(nodePath.join(bundleFolder, 'cliMain.js'));
    return `${ANSWER_FORMAT}-${entry.size}-${Math.round(entry.mtimeMs)}-${main.size}-${Math.round(main.mtimeMs)}`;
  } catch {
    return undefined;
  }
}

/** Where the record of this question lives; undefined when disk caches are off or bypassed. */
export function answerFile(question: AnswerQuestion): string | undefined {
  if (question.argv.includes('--no-cache') || (question.env[ANSWER_CACHE_VARIABLE] ?? '').toLowerCase() === 'off') return undefined;
  const folder = persistentCacheFolder('answers', question.env as NodeJS.ProcessEnv);
  if (!folder) return undefined;
  // Every variable the CLI or Alembic's config lookup reads starts with ALEMBIC (ALEMBIC_CONFIG,
  // ALEMBIC_LENS_*); the cache folder variables are implied by where the record is.
  const variables = Object.keys(question.env)
    .filter((name) => name.startsWith('ALEMBIC') && name !== ANSWER_TRACE_VARIABLE)
    .sort()
    .map((name) => [name, question.env[name]]);
  const key = contentHash(JSON.stringify([ANSWER_FORMAT, question.argv, nodePath.resolve(question.cwd), variables]));
  return nodePath.join(folder, `${key.slice(0, 32)}.answer`);
}

/** The path's stamp now; null when it does not exist; undefined when it cannot be stat-ed for another reason. */
export function watchedStampOf(path: string): WatchedStamp | undefined {
  try {
    const stat = fs.statSync(path, { throwIfNoEntry: false });
    return stat ? [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino] : null;
  } catch (error) {
    // ENOTDIR: a folder on the way is now a file, so the path is absent.
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? null : undefined;
  }
}

/** Writes one line about the answer cache to standard error when ALEMBIC_LENS_ANSWER_TRACE=1. */
export function traceAnswerCache(env: Readonly<Record<string, string | undefined>>, write: (text: string) => void, message: string): void {
  if (env[ANSWER_TRACE_VARIABLE] === '1') write(`alembic-lens: answer cache: ${message}\n`);
}

export function sameWatchedStamp(a: WatchedStamp | undefined, b: WatchedStamp): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** The record's bytes: magic and build, the body's checksum, the body. */
export function encodeAnswer(build: string, record: AnswerRecord): string {
  const body = JSON.stringify(record);
  return `${MAGIC}\t${build}\n${contentHash(body)}\n${body}`;
}

/** The record, or undefined when it is of another build, truncated, altered or malformed. */
export function decodeAnswer(build: string, raw: string): AnswerRecord | undefined {
  const firstEnd = raw.indexOf('\n');
  const secondEnd = raw.indexOf('\n', firstEnd + 1);
  if (firstEnd < 0 || secondEnd < 0) return undefined;
  if (raw.slice(0, firstEnd) !== `${MAGIC}\t${build}`) return undefined;
  const body = raw.slice(secondEnd + 1);
  if (contentHash(body) !== raw.slice(firstEnd + 1, secondEnd)) return undefined;
  try {
    const record = JSON.parse(body) as AnswerRecord;
    if (typeof record.stdout !== 'string' || typeof record.exitCode !== 'number' || typeof record.watched !== 'object' || record.watched === null) return undefined;
    return record;
  } catch {
    return undefined;
  }
}
