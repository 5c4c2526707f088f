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
import { withStableFiles } from '../../common/stableFiles';
import { MIN_FILES_FOR_WORKERS, workerCount } from '../../engine/offline/workerPool';
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
  for (;;) {
    // A batch is read as one stretch of stable files: the file system questions each migration
    // asks (env.py above it, the modules of its naming convention) are asked once per batch.
    const answers = withStableFiles(() => {
      const batch: ReadingAnswers = [];
      for (let at = Atomics.add(counter, 0, 1); at < job.files.length; at = Atomics.add(counter, 0, 1)) {
        batch.push([at, read(job.files[at])]);
        if (batch.length === BATCH_FILES) break;
      }
      return batch;
    });
    if (answers.length < BATCH_FILES) {
      deliver({ answers, done: true });
      return;
    }
    deliver({ answers, done: false });
    await between();
  }
}

/**
 * Reading workers started before their files are known: `check` starts them when its reading
 * is likely cold, so they load (about half a second each) while the main thread builds the
 * index, and hands them their job in readInWorkers. They wait unreferenced, so they never keep
 * the process alive, and are ended when it turns out they are not needed.
 */
export class EarlyReaders {
  private readonly waiting: EarlyReader[];

  constructor(script: WorkerScript, count: number) {
    this.waiting = Array.from({ length: count }, () => new EarlyReader(script));
  }

  /** A started worker still alive, or undefined when none is left. */
  take(): EarlyReader | undefined {
    for (let reader = this.waiting.shift(); reader; reader = this.waiting.shift()) {
      if (!reader.ended) return reader;
    }
    return undefined;
  }

  /** Ends the workers not taken. */
  stop(): void {
    for (const reader of this.waiting.splice(0)) void reader.worker.terminate();
  }
}

class EarlyReader {
  readonly worker: Worker;
  /** Set once it has failed or exited: it is not given a job then. */
  ended = false;

  constructor(script: WorkerScript) {
    // No workerData: it waits for its job in a message (readingWorker.ts).
    this.worker = new Worker(script.code, { eval: script.eval, execArgv: [], stdout: true, stderr: true });
    this.worker.unref();
    const end = (): void => {
      this.ended = true;
    };
    this.worker.once('error', end);
    this.worker.once('exit', end);
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

/**
 * One result per file (undefined: unreadable), or undefined when workers cannot be used. Workers
 * in `early` are used first (and the rest ended); any still missing are started here.
 */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env, early?: EarlyReaders): Promise<(FileReading | undefined)[] | undefined> {
  const threads = workerCount(files.length, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (threads === 0 || !script) {
    early?.stop();
    return undefined;
  }
  const job: ReadingJob = { files, claims: new SharedArrayBuffer(4) };
  const results: (FileReading | undefined)[] = new Array(files.length);
  const read = new Uint8Array(files.length);
  const keep = (batch: ReadingBatch): void => {
    for (const [at, result] of batch.answers) {
      results[at] = result;
      read[at] = 1;
    }
  };
  // Started before the main thread begins reading (or earlier, while the index was built): they load while it works.
  const workers = Array.from({ length: Math.max(1, threads - 1) }, () => {
    const started = early?.take();
    return started ? runEarlyReader(started, job, keep) : runReadingWorker(script, job, keep);
  });
  early?.stop();
  // setImmediate lets the workers' batches in between the main thread's own.
  await readClaimed(job, keep, () => new Promise<void>((resolve) => setImmediate(resolve)));
  await Promise.all(workers);
  // A worker that failed took its claimed files with it: read them here.
  withStableFiles(() => {
    for (let at = 0; at < files.length; at++) if (read[at] === 0) results[at] = readFileForCheck(files[at]);
  });
  return results;
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
      keep(batch);
      if (batch.done) resolve();
    });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
}
