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
import { threadContext, type ThreadContext } from '../../common/threadContext';
import { workerScriptBeside, type WorkerScript } from '../../common/workerThreads';
import { withStableFiles } from '../../common/stableFiles';
import { MIN_FILES_FOR_WORKERS, workerCount } from '../../engine/offline/workerPool';
import { readFileForCheck, withIndexAnswer, type FileReading, type FileToRead } from './fileReading';
import { EarlyReaders, type EarlyReader, type StoppedHeadStart } from './earlyReaders';
import { logDependencies, startDependencyLog } from '../../engine/interpret/dependencyLog';

export { EarlyReaders } from './earlyReaders';

/** What a reading worker receives: every file, and the counter all threads claim files from. */
export interface ReadingJob {
  files: readonly FileToRead[];
  /** One Int32: the index of the next file to claim. */
  claims: SharedArrayBuffer;
  /** A head start (earlyReaders.ts): read before the job, whose batches say so. */
  headStart?: boolean;
  /** What the main thread knew when it made the job (common/threadContext.ts). */
  context: ThreadContext;
}

/** The index of each file read, with its result. */
export type ReadingAnswers = [number, FileReading | undefined][];

/** What a worker posts: a batch of answers, the last one with `done`. */
export interface ReadingBatch {
  answers: ReadingAnswers;
  done: boolean;
  /** An answer of the head start (indexes into its files), not of the job. */
  headStart?: boolean;
  /** What the batch's interpretations read (dependencyLog.ts), for the main thread's log. */
  dependencies?: [string, string][];
}

/** Files per batch a worker posts (a few tens of milliseconds of reading). */
export const BATCH_FILES = 32;

/**
 * Reads files claimed from `job.claims` until none are left, handing each `batch` answers to
 * `deliver` (and the rest at the end); `between` runs after each batch (the main thread yields there).
 */
export async function readClaimed(job: ReadingJob, deliver: (batch: ReadingBatch) => void, between: () => Promise<void> | void = () => undefined, read: (target: FileToRead) => FileReading | undefined = readFileForCheck): Promise<void> {
  const counter = new Int32Array(job.claims);
  for (;;) {
    // A batch is read as one stretch of stable files: the file system questions each migration
    // asks (env.py above it, the modules of its naming convention) are asked once per batch.
    const log = startDependencyLog();
    const answers = withStableFiles(() => {
      const batch: ReadingAnswers = [];
      for (let at = Atomics.add(counter, 0, 1); at < job.files.length; at = Atomics.add(counter, 0, 1)) {
        batch.push([at, read(job.files[at])]);
        if (batch.length === BATCH_FILES) break;
      }
      return batch;
    });
    const dependencies = [...log.stop()];
    if (answers.length < BATCH_FILES) {
      deliver({ answers, done: true, dependencies });
      return;
    }
    deliver({ answers, done: false, dependencies });
    await between();
  }
}

/**
 * Starts the reading workers a cold reading of a large history would use, before the files are
 * known; undefined when it would use none (one core, ALEMBIC_LENS_WORKERS=0, no worker script).
 */
export function startReadingWorkers(env: NodeJS.ProcessEnv = process.env): EarlyReaders | undefined {
  const threads = workerCount(MIN_FILES_FOR_WORKERS, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (threads === 0 || !script) return undefined;
  try {
    return new EarlyReaders(script, Math.max(1, threads - 1));
  } catch {
    return undefined;
  }
}

/** What the caller does with results as they come, on the main thread. */
export interface ReadingHooks {
  /** Each file's result as soon as the main thread has it (its own, or a worker's batch). */
  arrived?(at: number, result: FileReading | undefined): void;
  /** Between the main thread's batches, after the workers' batches that came meanwhile. */
  between?(): void;
}

/**
 * One result per file (undefined: unreadable), or undefined when workers cannot be used. Workers
 * in `early` are used first (and the rest ended); any still missing are started here.
 */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env, early?: EarlyReaders, hooks: ReadingHooks = {}): Promise<(FileReading | undefined)[] | undefined> {
  const threads = workerCount(files.length, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (threads === 0 || !script) {
    early?.stop();
    return undefined;
  }
  const results: (FileReading | undefined)[] = new Array(files.length);
  const read = new Uint8Array(files.length);
  const answer = (at: number, result: FileReading | undefined): void => {
    results[at] = result;
    read[at] = 1;
    hooks.arrived?.(at, result);
  };
  // The files the head start claimed are its to answer; the job is the rest (by index in `files`).
  const headStart = early?.stopHeadStart();
  const fromHeadStart = headStart ? headStartAnswers(headStart, files, answer) : new Set<number>();
  const jobAt: number[] = [];
  for (let at = 0; at < files.length; at++) if (!fromHeadStart.has(at)) jobAt.push(at);
  const job: ReadingJob = { files: jobAt.length === files.length ? files : jobAt.map((at) => files[at]), claims: new SharedArrayBuffer(4), context: threadContext() };
  let mainDone = false;
  const keep = (batch: ReadingBatch): void => {
    if (batch.dependencies) logDependencies(batch.dependencies);
    for (const [at, result] of batch.answers) answer(jobAt[at], result);
  };
  // Once the main thread has no file left to claim it waits for the workers' last batches: it
  // runs `between` on each as it comes instead of idling.
  const keepFromWorker = (batch: ReadingBatch): void => {
    keep(batch);
    if (mainDone) hooks.between?.();
  };
  // Started before the main thread begins reading (or earlier, while the index was built): they load while it works.
  const workers = Array.from({ length: Math.max(1, threads - 1) }, () => {
    const started = early?.take();
    return started ? runEarlyReader(started, job, keepFromWorker) : runReadingWorker(script, job, keepFromWorker);
  });
  early?.stop();
  // setImmediate lets the workers' batches in between the main thread's own.
  await readClaimed(job, keep, () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        hooks.between?.();
        resolve();
      }),
    ),
  );
  mainDone = true;
  await Promise.all(workers);
  await headStart?.settled;
  // A worker that failed took its claimed files with it: read them here.
  withStableFiles(() => {
    for (let at = 0; at < files.length; at++) {
      if (read[at] === 1) continue;
      results[at] = readFileForCheck(files[at]);
      hooks.arrived?.(at, results[at]);
    }
  });
  return results;
}

/**
 * Takes the head start's answers for the files of `files` it claimed (those come, or came, from
 * it; the index of each in `files` is returned), each adjusted to the index's `parsedWholeFile`.
 */
function headStartAnswers(headStart: StoppedHeadStart, files: readonly FileToRead[], answer: (at: number, result: FileReading | undefined) => void): Set<number> {
  const atOf = new Map<string, number>();
  files.forEach((target, at) => atOf.set(target.file, at));
  const atByHead = new Map<number, number>();
  for (let head = 0; head < headStart.claimed; head++) {
    const at = atOf.get(headStart.files[head].file);
    if (at !== undefined) atByHead.set(head, at);
  }
  const take = (head: number, result: FileReading | undefined): void => {
    const at = atByHead.get(head);
    if (at === undefined) return;
    answer(at, result && withIndexAnswer(result, files[at].parsedWholeFile));
  };
  logDependencies(headStart.dependencies);
  for (const [head, result] of headStart.answers) take(head, result);
  headStart.listen(take);
  return new Set(atByHead.values());
}

/** Runs one worker until its last batch; resolves (never rejects) when it is done or has failed. */
function runReadingWorker(script: WorkerScript, job: ReadingJob, keep: (batch: ReadingBatch) => void): Promise<void> {
  let worker: Worker;
  try {
    worker = new Worker(script.code, { eval: script.eval, workerData: job, execArgv: [], stdout: true, stderr: true });
  } catch {
    return Promise.resolve();
  }
  return untilLastBatch(worker, keep);
}

/** Gives a worker started early its job, then runs it as runReadingWorker does. */
function runEarlyReader(reader: EarlyReader, job: ReadingJob, keep: (batch: ReadingBatch) => void): Promise<void> {
  const done = untilLastBatch(reader.worker, keep);
  // It may have ended since it was taken: its files are then read by the main thread.
  if (reader.ended) return Promise.resolve();
  reader.worker.ref();
  reader.worker.postMessage(job);
  return done;
}

function untilLastBatch(worker: Worker, keep: (batch: ReadingBatch) => void): Promise<void> {
  return new Promise((resolve) => {
    worker.on('message', (batch: ReadingBatch) => {
      // A head start's batches go to its own listener (earlyReaders.ts).
      if (batch.headStart) return;
      keep(batch);
      if (batch.done) resolve();
    });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
}
