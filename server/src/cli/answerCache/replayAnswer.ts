/**
 * The answer cache's reader (see answerRecord.ts), run by the CLI's entry before the main bundle
 * is loaded: when a record for this exact command line exists, was written by this build and
 * every path it watched has the same stamp, its output is the answer. Anything else (no record,
 * another build, a changed or unreadable path, a corrupt record) is a miss, and the caller runs
 * the command as usual, which records the answer again.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { answerBuild, answerFile, decodeAnswer, sameWatchedStamp, watchedStampOf, type AnswerQuestion, type AnswerRecord } from './answerRecord';

export type Replay = { record: AnswerRecord } | { miss: string };

export function replayAnswer(question: AnswerQuestion, bundleFolder: string): Replay {
  const file = answerFile(question);
  if (!file) return { miss: 'disk caches are off or bypassed' };
  const build = answerBuild(bundleFolder);
  if (!build) return { miss: 'not running from the bundles' };
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return { miss: 'no record' };
  }
  const record = decodeAnswer(build, raw);
  if (!record) return { miss: 'record of another build, or corrupt' };
  for (const [folder, entries] of Object.entries(record.watched)) {
    if (!Array.isArray(entries)) return { miss: 'record of another build, or corrupt' };
    const prefix = folder.endsWith(nodePath.sep) ? folder : folder + nodePath.sep;
    for (const [name, stamp] of entries) {
      const path = name === '' ? folder : prefix + name;
      if (!sameWatchedStamp(watchedStampOf(path), stamp)) return { miss: `${path} changed` };
    }
  }
  return { record };
}
