/**
 * Everything `check` derives from one migration's whole body, from one parse and one
 * interpretation: the body problems (engine/bodyProblems.ts, what the editor shows for the file)
 * and the safety lint's reading (lint/run.ts). Reading them separately interpreted each body
 * twice, which was most of a cold `check`. Shared by the worker threads and the main thread, so
 * both fill the caches with the same values.
 */
import type { Problem } from '../../common/problem';
import { contentHash } from '../../common/contentHash';
import { bodyProblemParts, bodyProblemsFor } from '../../engine/bodyProblems';
import { interpretMigration, type InterpretedMigration } from '../../engine/interpret/index';
import { withSharedTree } from '../../python/parser';
import { readMigrationText } from '../../project/versionFiles';
import { readingOf, type MigrationReading } from '../run';
import { isSqlParserLoaded } from '../sql/parser';
import { fastReadingOf, fastReadingOrLater } from './fastReading/index';
import { withKnownTemplatesOnly } from './fastReading/memo';

export interface FileToRead {
  file: string;
  /** The index's header reader parsed the whole file (its syntax problems are the index's). */
  parsedWholeFile: boolean;
}

export interface FileReading {
  file: string;
  /** `rawBodyProblems` of the file, read with `parsedWholeFile` as given. */
  body: Problem[];
  /** How many of `body` are syntax errors below the header (see bodyProblemParts): a reading made
   *  before the index knew `parsedWholeFile` (false assumed) drops them when it turns out true. */
  syntaxCount: number;
  /** The lint cache's key part: the content hash of the decoded text. */
  textHash: string;
  /** The text read (the lint's suppression comments and text rules read it: no second read). */
  text: string;
  /** Absent when the SQL parser is not loaded: a reading made without it must not be cached. */
  reading?: MigrationReading;
}

/** Undefined when the file cannot be read now (the index reports why). */
export function readFileForCheck(target: FileToRead): FileReading | undefined {
  // Decoded as the index decoded it for the header (BOM, encodings), so ranges agree.
  const text = readMigrationText(target.file).text;
  return text === undefined ? undefined : readTextForCheck(target.file, text, target.parsedWholeFile);
}

export function readTextForCheck(file: string, text: string, parsedWholeFile: boolean): FileReading {
  // Autogenerate's layout is read from templates of its statements, without a tree (fastReading/).
  const fast = fastReadingOf(file, text);
  if (fast) return fast;
  return generalReading(file, text, parsedWholeFile);
}

/**
 * readTextForCheck over many files on this thread, in order, each result handed to `arrived` (by
 * index) as it is made; `textOf` gives a file's text (undefined: unreadable, the index reports why).
 * A file in autogenerate's layout stopped only by statements met for the first time (no template
 * yet) is set aside and read again at the end, with the templates made by then and no new one:
 * most of its statements come again later in the history and have theirs by then, so it is read
 * from templates instead of the general way, whose first runs are the slowest part of a cold
 * reading (the interpreter and renderer not optimised yet). A file still missing one is read the
 * general way, as before. The readings are the same either way (fastReading.test.ts); only the
 * order in which they arrive changes.
 */
export function readTextsForCheck(targets: readonly FileToRead[], textOf: (target: FileToRead) => string | undefined, arrived: (at: number, reading: FileReading | undefined) => void): void {
  const setAside: { at: number; target: FileToRead; text: string }[] = [];
  targets.forEach((target, at) => {
    const text = textOf(target);
    if (text === undefined) return arrived(at, undefined);
    const fast = fastReadingOrLater(target.file, text);
    if (fast === 'later') setAside.push({ at, target, text });
    else arrived(at, fast ?? generalReading(target.file, text, target.parsedWholeFile));
  });
  for (const { at, target, text } of setAside) arrived(at, withKnownTemplatesOnly(() => readTextForCheck(target.file, text, target.parsedWholeFile)));
}

/** The reading made from the file's syntax tree and interpretation. */
export function generalReading(file: string, text: string, parsedWholeFile: boolean): FileReading {
  return withSharedTree(text, () => {
    let interpreted: InterpretedMigration | undefined;
    const interpret = (path: string, source: string): InterpretedMigration => (interpreted ??= interpretMigration(path, source));
    const parts = bodyProblemParts(file, text, parsedWholeFile, (path, source) => interpret(path, source).problems);
    const result: FileReading = { file, body: parts.problems, syntaxCount: parts.syntaxCount, textHash: contentHash(text), text };
    // Without the operations: `check` prints no quick fixes, and they were half of what a reading
    // holds (what a worker copies to the main thread and what stays in memory until the lint).
    if (isSqlParserLoaded()) result.reading = readingOf(file, text, interpret(file, text), false);
    return result;
  });
}

/**
 * A reading made before the index said whether its header parse covered the whole file (read as
 * if it did not), as `readTextForCheck` makes it with the index's answer: where it did, the
 * syntax errors below the header are the index's and are dropped.
 */
export function withIndexAnswer(reading: FileReading, parsedWholeFile: boolean): FileReading {
  if (!parsedWholeFile) return reading;
  return { ...reading, body: bodyProblemsFor({ problems: reading.body, syntaxCount: reading.syntaxCount }, true), syntaxCount: 0 };
}
