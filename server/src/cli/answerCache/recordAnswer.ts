/**
 * The answer cache's writer (see answerRecord.ts): after a read command answered from files
 * alone, stores its output with the stamps of everything it was computed from, for the entry
 * bundle to replay. Writes nothing when in doubt: a command that wrote to standard error or
 * failed, inputs not known exactly (EnvironmentInputs absent), or a watched path that changed
 * within RACY_MARGIN_MS of the run's start.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { ensureDirectory, reportUnusableCacheDirectory } from '../../common/persistentCache/directory';
import { modifiedAt, removeAbandonedTemporaries, removeQuietly } from '../../common/persistentCache/tidy';
import type { EnvironmentInputs } from '../../project/singleEnvironment';
import { answerBuild, answerFile, encodeAnswer, RACY_MARGIN_MS, watchedStampOf, type AnswerQuestion, type WatchedPaths, type WatchedStamp } from './answerRecord';

/** Records kept; past this many the ones written longest ago go (every command line has its own). */
export const MAX_ANSWERS = 256;

export interface AnswerToRecord {
  question: AnswerQuestion;
  /** The folder of the running bundles (answerBuild). */
  bundleFolder: string;
  /** When the run started (ms): a path changed after RACY start − margin makes the answer unrecordable. */
  startedMs: number;
  inputs: EnvironmentInputs;
  stdout: string;
  exitCode: number;
}

/** Writes the record; returns why not when it does not (for tests). Never throws. */
export function recordAnswer(answer: AnswerToRecord): string | undefined {
  const build = answerBuild(answer.bundleFolder);
  if (!build) return 'not running from the bundles';
  const file = answerFile(answer.question);
  if (!file) return 'disk caches are off';
  const newestAllowed = answer.startedMs - RACY_MARGIN_MS;
  const watched: WatchedPaths = {};
  const add = (path: string, stamp: WatchedStamp): void => {
    const folder = nodePath.dirname(path);
    (watched[folder] ??= []).push([nodePath.basename(path), stamp]);
  };
  const isRecent = (stamp: WatchedStamp): boolean => stamp !== null && (stamp[1] >= newestAllowed || stamp[2] >= newestAllowed);
  // Stat-ed now, by the function the replay uses: a path changed since the run read it has a
  // ctime after the run's start, which isRecent refuses.
  for (const path of new Set(answer.inputs.paths)) {
    const stamp = watchedStampOf(path);
    if (stamp === undefined) return `${path} cannot be stat-ed`;
    if (isRecent(stamp)) return `${path} changed too recently`;
    add(path, stamp);
  }
  const folder = nodePath.dirname(file);
  const unusable = ensureDirectory(folder);
  if (unusable) {
    reportUnusableCacheDirectory(folder, unusable);
    return unusable;
  }
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(temporary, encodeAnswer(build, { watched, stdout: answer.stdout, exitCode: answer.exitCode }));
    fs.renameSync(temporary, file);
  } catch (error) {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Never written.
    }
    const reason = `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    reportUnusableCacheDirectory(folder, reason);
    return reason;
  }
  removeOldestAnswers(folder);
  return undefined;
}

function removeOldestAnswers(folder: string): void {
  removeAbandonedTemporaries(folder, Date.now());
  try {
    const names = fs.readdirSync(folder).filter((name) => name.endsWith('.answer'));
    if (names.length <= MAX_ANSWERS) return;
    const byAge = names
      .map((name) => nodePath.join(folder, name))
      .map((file) => ({ file, at: modifiedAt(file) }))
      .sort((a, b) => a.at - b.at);
    for (const { file } of byAge.slice(0, names.length - MAX_ANSWERS)) removeQuietly(file);
  } catch {
    // Only tidiness is lost.
  }
}
