/**
 * Reading workers started before their files are known: `check` starts them when its reading is
 * likely cold, so they load (about half a second each) while the main thread builds the index.
 * They wait unreferenced, so they never keep the process alive, and are ended when it turns out
 * they are not needed.
 *
 * The head start: as soon as the index has listed an environment's files (before it reads their
 * headers), the workers begin reading them in listing order, claiming each from a counter of their
 * own. The index and the real job (the files in the lint's order, readingPool.ts) come later; the
 * head start then stops (the counter is swapped past the end, so no file is claimed after), its
 * files are left out of the job, and its answers, which arrive like any other batch, are taken
 * for them. A head-start reading assumes the index's header parse stopped at the header; where it
 * covered the whole file, the reading's syntax errors are dropped (bodyProblemsFor), which gives
 * exactly the reading made with the index's answer. So the workers' start-up and their JIT warm-up
 * (their first files are read several times slower than the rest) overlap the index instead of the
 * reading.
 */
import { logDependencies } from '../../engine/interpret/dependencyLog';
import { Worker } from 'node:worker_threads';
import { threadContext } from '../../common/threadContext';
import type { WorkerScript } from '../../common/workerThreads';
import type { FileReading, FileToRead } from './fileReading';
import type { ReadingBatch, ReadingJob } from './readingPool';

/** Past any file count: a head start's counter swapped to this claims nothing more. */
const STOPPED = 2 ** 30;

/** What a head start read, once it has been stopped. */
export interface StoppedHeadStart {
  files: readonly FileToRead[];
  /** Files `[0, claimed)` were claimed by the head start: their answers come from it. */
  claimed: number;
  /** Answers by index in `files`; `listen` hands over those that come later. */
  answers: ReadonlyMap<number, FileReading | undefined>;
  /** What the head start's interpretations read (dependencyLog.ts), path → hash. */
  dependencies: ReadonlyMap<string, string>;
  listen(arrived: (at: number, result: FileReading | undefined) => void): void;
  /** Resolves when every head-start worker has sent its last batch (or ended). */
  settled: Promise<void>;
}

export class EarlyReaders {
  private readonly waiting: EarlyReader[];
  private job: ReadingJob | undefined;
  private readonly answers = new Map<number, FileReading | undefined>();
  private readonly dependencies = new Map<string, string>();
  private listener: ((at: number, result: FileReading | undefined) => void) | undefined;
  private running = 0;
  private readonly whenSettled: (() => void)[] = [];

  constructor(script: WorkerScript, count: number) {
    this.waiting = Array.from({ length: count }, () => new EarlyReader(script, (batch) => this.headStartBatch(batch), () => this.headStartEnded()));
  }

  /** Starts the head start on these files (the first listing only: later ones wait for the job). */
  headStart(files: readonly string[]): void {
    if (this.job !== undefined || files.length === 0) return;
    const job: ReadingJob = { files: files.map((file) => ({ file, parsedWholeFile: false })), claims: new SharedArrayBuffer(4), headStart: true, context: threadContext() };
    this.job = job;
    for (const reader of this.waiting) {
      if (reader.ended) continue;
      reader.inHeadStart = true;
      this.running++;
      reader.worker.postMessage(job);
    }
  }

  /** Stops the head start; undefined when there was none. */
  stopHeadStart(): StoppedHeadStart | undefined {
    const job = this.job;
    if (job === undefined) return undefined;
    const claimed = Math.min(Atomics.exchange(new Int32Array(job.claims), 0, STOPPED), job.files.length);
    const settled = new Promise<void>((resolve) => (this.running === 0 ? resolve() : this.whenSettled.push(resolve)));
    return {
      files: job.files,
      claimed,
      answers: this.answers,
      dependencies: this.dependencies,
      listen: (arrived) => {
        this.listener = arrived;
      },
      settled,
    };
  }

  /** How many head-start answers have come so far. */
  headStartAnswered(): number {
    return this.answers.size;
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

  private headStartBatch(batch: ReadingBatch): void {
    // Kept for the reading that takes these answers (its dependency log may not be open yet).
    for (const [path, hash] of batch.dependencies ?? []) this.dependencies.set(path, hash);
    // A batch that comes after the reading took the head start over goes to its log directly.
    if (batch.dependencies) logDependencies(batch.dependencies);
    for (const [at, result] of batch.answers) {
      this.answers.set(at, result);
      this.listener?.(at, result);
    }
  }

  private headStartEnded(): void {
    this.running--;
    if (this.running === 0) for (const resolve of this.whenSettled.splice(0)) resolve();
  }
}

export class EarlyReader {
  readonly worker: Worker;
  /** Set once it has failed or exited: it is not given a job then. */
  ended = false;
  /** Reading the head start, whose last batch has not come yet. */
  inHeadStart = false;

  constructor(script: WorkerScript, headStartBatch: (batch: ReadingBatch) => void, headStartEnded: () => void) {
    // No workerData: it waits for its job in a message (readingWorker.ts).
    this.worker = new Worker(script.code, { eval: script.eval, execArgv: [], stdout: true, stderr: true });
    this.worker.unref();
    const endHeadStart = (): void => {
      if (!this.inHeadStart) return;
      this.inHeadStart = false;
      headStartEnded();
    };
    this.worker.on('message', (batch: ReadingBatch) => {
      if (!batch.headStart) return;
      headStartBatch(batch);
      if (batch.done) endHeadStart();
    });
    const end = (): void => {
      this.ended = true;
      endHeadStart();
    };
    this.worker.once('error', end);
    this.worker.once('exit', end);
  }
}
