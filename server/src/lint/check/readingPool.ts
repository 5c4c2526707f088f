/**
 * Runs `readFileForCheck` for many files on worker threads and the main thread together, for a
 * cold `check` over a large history. Each thread claims the next unread file from a shared
 * counter (a SharedArrayBuffer), so a worker that starts late, or a file that takes long, does
 * not leave a thread idle; the main thread reads too rather than wait, which saves one worker's
 * start-up (the bundle, the parser's WASM, its own JIT warm-up) and the copy of its results back
 * (deserializing them was a serial second and more on the main thread). The thread count is the
 * offline engine's compile worker count (`ALEMBIC_LENS_WORKERS` overrides): one of them is the
 * main thread. When the worker script is missing the caller reads on the main thread alone; a
 * worker that fails leaves its files to the main thread. The results are identical either way.
 */
import { runWorker, workerScriptBeside } from '../../common/workerThreads';
import { workerCount } from '../../engine/offline/workerPool';
import { readFileForCheck, type FileReading, type FileToRead } from './fileReading';

/** What a reading worker receives: every file, and the counter all threads claim files from. */
export interface ReadingJob {
  files: readonly FileToRead[];
  /** One Int32: the index of the next file to claim. */
  claims: SharedArrayBuffer;
}

/** What a reading worker posts back: the index of each file it read, with its result. */
export type ReadingAnswers = [number, FileReading | undefined][];

/** Reads files claimed from `job.claims` until none are left. */
export function readClaimed(job: ReadingJob, read: (target: FileToRead) => FileReading | undefined = readFileForCheck): ReadingAnswers {
  const counter = new Int32Array(job.claims);
  const answers: ReadingAnswers = [];
  for (let at = Atomics.add(counter, 0, 1); at < job.files.length; at = Atomics.add(counter, 0, 1)) answers.push([at, read(job.files[at])]);
  return answers;
}

/** One result per file (undefined: unreadable), or undefined when workers cannot be used. */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env): Promise<(FileReading | undefined)[] | undefined> {
  const threads = workerCount(files.length, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (threads === 0 || !script) return undefined;
  const job: ReadingJob = { files, claims: new SharedArrayBuffer(4) };
  // Started before the main thread begins reading: they load while it works.
  const workers = Array.from({ length: Math.max(1, threads - 1) }, () => runWorker<ReadingAnswers>(script, job, 'reading worker').catch(() => [] as ReadingAnswers));
  const results: (FileReading | undefined)[] = new Array(files.length);
  const read = new Uint8Array(files.length);
  const keep = (answers: ReadingAnswers): void => {
    for (const [at, result] of answers) {
      results[at] = result;
      read[at] = 1;
    }
  };
  keep(readClaimed(job));
  for (const answers of await Promise.all(workers)) keep(answers);
  // A worker that failed took its claimed files with it: read them here.
  for (let at = 0; at < files.length; at++) if (read[at] === 0) results[at] = readFileForCheck(files[at]);
  return results;
}
