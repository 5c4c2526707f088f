/**
 * Runs `readFileForCheck` for many files on worker threads and the main thread together, for a
 * cold `check` over a large history. Each thread claims the next unread file from a shared
 * counter (a SharedArrayBuffer), so a worker that starts late, or a file that takes long, does
 * not leave a thread idle; the main thread reads too rather than wait, which saves one worker's
 * start-up (the bundle, the parser's WASM, its own JIT warm-up) and the copy of its results back.
 * Workers post their results in batches, and the main thread takes them in between its own
 * files: copying them in (a serial second and more for 5,000 files when it came at the end) is
 * then shared out by the claims like any other work. The thread count is the offline engine's
 * compile worker count (`ALEMBIC_LENS_WORKERS` overrides): one of them is the main thread. When
 * the worker script is missing the caller reads on the main thread alone; a worker that fails
 * leaves its files to the main thread. The results are identical either way.
 */
import { Worker } from 'node:worker_threads';
import { workerScriptBeside, type WorkerScript } from '../../common/workerThreads';
import { workerCount } from '../../engine/offline/workerPool';
import { readFileForCheck, type FileReading, type FileToRead } from './fileReading';

/** What a reading worker receives: every file, and the counter all threads claim files from. */
export interface ReadingJob {
  files: readonly FileToRead[];
  /** One Int32: the index of the next file to claim. */
  claims: SharedArrayBuffer;
}

/** The index of each file read, with its result. */
export type ReadingAnswers = [number, FileReading | undefined][];

/** What a worker posts: a batch of answers, the last one with `done`. */
export interface ReadingBatch {
  answers: ReadingAnswers;
  done: boolean;
}

/** Files per batch a worker posts (a few tens of milliseconds of reading). */
export const BATCH_FILES = 32;

/**
 * Reads files claimed from `job.claims` until none are left, handing each `batch` answers to
 * `deliver` (and the rest at the end); `between` runs after each batch (the main thread yields there).
 */
export async function readClaimed(job: ReadingJob, deliver: (batch: ReadingBatch) => void, between: () => Promise<void> | void = () => undefined, read: (target: FileToRead) => FileReading | undefined = readFileForCheck): Promise<void> {
  const counter = new Int32Array(job.claims);
  let answers: ReadingAnswers = [];
  for (let at = Atomics.add(counter, 0, 1); at < job.files.length; at = Atomics.add(counter, 0, 1)) {
    answers.push([at, read(job.files[at])]);
    if (answers.length === BATCH_FILES) {
      deliver({ answers, done: false });
      answers = [];
      await between();
    }
  }
  deliver({ answers, done: true });
}

/** One result per file (undefined: unreadable), or undefined when workers cannot be used. */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env): Promise<(FileReading | undefined)[] | undefined> {
  const threads = workerCount(files.length, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (threads === 0 || !script) return undefined;
  const job: ReadingJob = { files, claims: new SharedArrayBuffer(4) };
  const results: (FileReading | undefined)[] = new Array(files.length);
  const read = new Uint8Array(files.length);
  const keep = (batch: ReadingBatch): void => {
    for (const [at, result] of batch.answers) {
      results[at] = result;
      read[at] = 1;
    }
  };
  // Started before the main thread begins reading: they load while it works.
  const workers = Array.from({ length: Math.max(1, threads - 1) }, () => runReadingWorker(script, job, keep));
  // setImmediate lets the workers' batches in between the main thread's own.
  await readClaimed(job, keep, () => new Promise<void>((resolve) => setImmediate(resolve)));
  await Promise.all(workers);
  // A worker that failed took its claimed files with it: read them here.
  for (let at = 0; at < files.length; at++) if (read[at] === 0) results[at] = readFileForCheck(files[at]);
  return results;
}

/** Runs one worker until its last batch; resolves (never rejects) when it is done or has failed. */
function runReadingWorker(script: WorkerScript, job: ReadingJob, keep: (batch: ReadingBatch) => void): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script.code, { eval: script.eval, workerData: job, execArgv: [], stdout: true, stderr: true });
    } catch {
      resolve();
      return;
    }
    worker.on('message', (batch: ReadingBatch) => {
      keep(batch);
      if (batch.done) resolve();
    });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
}
