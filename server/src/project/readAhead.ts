/**
 * Reads migration files ahead of the parser on other threads. Opening, reading and closing a
 * file costs about 11 µs of system calls here when it is in the page cache (a sixth of a cold
 * index of 10,000 files) and about 130 µs when it is on disk (most of the index, after a reboot).
 * One reader thread does those calls while the main thread tokenizes the files it already has.
 * The main thread times the reads it still does itself (files the reader has not reached); when
 * most of a window of them are slow, the files come from disk and a second reader joins, so two
 * requests are in flight. With cached files a second thread was a loss on two cores (10,000
 * files: 612 against 573 ms median with one), as it competes with V8's collector and compiler.
 *
 * A reader only copies bytes into a shared ring of fixed-size slots; decoding, size and
 * encoding checks stay with readMigrationText / decodeMigrationBytes on the main thread, so a
 * file read ahead produces exactly the outcome of a file read directly. Any file the thread does
 * not deliver (too big for a slot, unreadable, claimed by the main thread first, read out of
 * order) is read directly, which also makes the readers safe to lose: when a thread cannot start,
 * the main thread reads everything itself.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FileSource } from './environmentState';
import { decodeMigrationBytes, type ReadOutcome } from './versionFiles';

/** Below this many files a thread costs more to start (~20 ms) than it saves. */
export const READ_AHEAD_MIN_FILES = 64;
const SLOT_BYTES = 64 * 1024;
const SLOT_COUNT = 128;
const NOTIFY_EVERY = 32;
const WAIT_SLICE_MS = 100;
const GIVE_UP_MS = 5000;
/** A direct read slower than this did not come from the page cache (cached: ~11 µs, disk: ~130 µs). */
const SLOW_READ_MS = 0.06;
/**
 * Direct reads judged together; the readers start when three quarters of a window were slow. On
 * disk nearly every read is slow; from the page cache a few in a window can be (a garbage
 * collection, another process on the core).
 */
const READ_WINDOW = 16;
const SLOW_IN_WINDOW = 12;
/** Reads not judged at all: the first calls run before V8 has compiled the reader. */
const WARM_UP_READS = 32;
/** Reader threads from the start: with the files in the page cache one keeps ahead. */
const INITIAL_READERS = 1;
/**
 * Reader threads once reads turn out slow: with the files on disk, two requests in flight help
 * (10,000 files: 1.07-1.13 s against 1.63-1.66 s without reading ahead, page cache dropped
 * before each run; one reader alone measured about a fifth slower than two).
 */
const MAX_READERS = 2;

// Per-file states in the shared `state` array.
const UNCLAIMED = 0;
/** A reader is reading it into its own buffer; the main thread may still take it over. */
const READING = 1;
/** A reader is copying it into its slot (a memory copy): the main thread waits for it. */
const COPYING = 2;
const READY = 3;
/** The main thread reads it itself (claimed first, taken over, or the reader could not deliver it). */
const DIRECT = 4;

/**
 * A reader thread (plain JavaScript: a worker started from a string needs no file of its own
 * next to the bundle). Readers claim files in order (a compare-and-swap on the file's state, so
 * each file is read once) and wait while every slot holds a file the main thread has not reached.
 * A file is read into the reader's own buffer and copied into its slot only if the main thread
 * has not taken it over meanwhile: the main thread never waits for a system call on another
 * thread (a reader may be descheduled mid-read on two cores), and a slot is written only for a
 * file the main thread will take from it.
 */
const READER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { paths, control, state, lengths, data, slotBytes, slotCount, from, hold } = workerData;
const bytes = new Uint8Array(data);
const own = Buffer.allocUnsafe(slotBytes);
for (let index = from; index < paths.length; index++) {
  for (;;) {
    const passed = Atomics.load(control, 0);
    if (passed < 0) process.exit(0);
    if (index - passed < slotCount) break;
    Atomics.wait(control, 0, passed);
  }
  // Passed already (the main thread read further ahead), or claimed by the main thread.
  if (index < Atomics.load(control, 0)) continue;
  if (Atomics.compareExchange(state, index, ${UNCLAIMED}, ${READING}) !== ${UNCLAIMED}) continue;
  let length = -1;
  try {
    const descriptor = fs.openSync(paths[index], 'r');
    try {
      length = fs.readSync(descriptor, own, 0, slotBytes, 0);
    } finally {
      fs.closeSync(descriptor);
    }
  } catch {
    // Read again on the main thread, which reports the error with the file's location.
  }
  // A test holds the reader of one file here, between its read and its delivery.
  if (index === hold[0]) Atomics.wait(hold, 1, 0);
  if (length < 0 || length >= slotBytes) {
    Atomics.compareExchange(state, index, ${READING}, ${DIRECT});
  } else if (Atomics.compareExchange(state, index, ${READING}, ${COPYING}) === ${READING}) {
    bytes.set(own.subarray(0, length), (index % slotCount) * slotBytes);
    lengths[index] = length;
    Atomics.store(state, index, ${READY});
  }
  Atomics.notify(state, index);
  if (index === hold[0]) {
    Atomics.store(hold, 1, 2);
    Atomics.notify(hold, 1);
  }
}
`;

export class ReadAhead {
  private readonly positionOf = new Map<string, number>();
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly state: Int32Array;
  private readonly lengths: Int32Array;
  private readonly data = new SharedArrayBuffer(SLOT_BYTES * SLOT_COUNT);
  private readonly workers: Worker[] = [];
  /** For tests: the position whose reader waits after reading it, and 0 held, 1 let go, 2 done. */
  private readonly hold = new Int32Array(new SharedArrayBuffer(8));
  private closed = false;
  /** Direct reads timed in the current window, and how many of them were slow. */
  private timedReads = -WARM_UP_READS;
  private slowReads = 0;
  /** Files handed over by a reader (the rest were read on the main thread). */
  delivered = 0;

  private constructor(
    private readonly paths: readonly string[],
    private readonly direct: FileSource,
    /** Times direct reads; a test passes its own so the slow-read decision does not depend on the machine. */
    private readonly now: () => number,
    holdAt: number | undefined,
  ) {
    paths.forEach((path, position) => this.positionOf.set(path, position));
    this.hold[0] = holdAt ?? -1;
    this.state = new Int32Array(new SharedArrayBuffer(4 * paths.length));
    this.lengths = new Int32Array(new SharedArrayBuffer(4 * paths.length));
  }

  /** Reader threads started so far. */
  get readers(): number {
    return this.workers.length;
  }

  private startReaders(count: number): void {
    const from = Math.max(0, Atomics.load(this.control, 0));
    while (this.workers.length < count) {
      const worker = new Worker(READER_SOURCE, {
        eval: true,
        workerData: { paths: this.paths, control: this.control, state: this.state, lengths: this.lengths, data: this.data, slotBytes: SLOT_BYTES, slotCount: SLOT_COUNT, from, hold: this.hold },
      });
      // Never keeps the process alive, and a failure to start only means direct reads.
      worker.unref();
      worker.on('error', () => this.close());
      this.workers.push(worker);
    }
  }

  /** A direct read, timed until every reader runs: slow reads start the rest. */
  private readDirect(path: string): ReadOutcome {
    if (this.workers.length >= MAX_READERS || this.closed) return this.direct.read(path);
    const begin = this.now();
    const outcome = this.direct.read(path);
    const elapsed = this.now() - begin;
    // Files too big for a slot are never read ahead; they say nothing about the disk.
    if (outcome.text !== undefined && outcome.text.length >= SLOT_BYTES) return outcome;
    if (++this.timedReads <= 0) return outcome;
    if (elapsed > SLOW_READ_MS) this.slowReads++;
    if (this.timedReads === READ_WINDOW) {
      if (this.slowReads >= SLOW_IN_WINDOW) this.tryStartReaders();
      this.timedReads = 0;
      this.slowReads = 0;
    }
    return outcome;
  }

  private tryStartReaders(): void {
    try {
      this.startReaders(MAX_READERS);
    } catch {
      this.close();
    }
  }

  /**
   * A reader for the files of `paths` that `direct` does not hold in the editor, in this order;
   * undefined when there are too few to gain. `readers` threads start at once (0 to MAX_READERS);
   * the rest start when direct reads turn out slow, as timed by `now` (milliseconds).
   */
  static start(direct: FileSource, paths: readonly string[], options: { readers?: number; now?: () => number; holdAt?: number } = {}): ReadAhead | undefined {
    const fromDisk = paths.filter((path) => !direct.isOverlay(path));
    if (fromDisk.length < READ_AHEAD_MIN_FILES) return undefined;
    let ahead: ReadAhead | undefined;
    try {
      ahead = new ReadAhead(fromDisk, direct, options.now ?? (() => performance.now()), options.holdAt);
      ahead.startReaders(Math.min(MAX_READERS, options.readers ?? INITIAL_READERS));
      return ahead;
    } catch {
      ahead?.close();
      return undefined;
    }
  }

  /** The file's outcome, from the reader when it delivered it, read directly otherwise. */
  read(path: string): ReadOutcome {
    const position = this.positionOf.get(path);
    if (position === undefined) return this.direct.read(path);
    const passed = Atomics.load(this.control, 0);
    if (this.closed || position < passed) return this.readDirect(path);
    // Files skipped over (a read out of order) are taken back from the readers before they count
    // as passed: a reader still holding one would otherwise copy it later into the slot that the
    // file 128 places on (SLOT_COUNT) shares, after another reader delivered that file there.
    for (let skipped = passed; skipped < position; skipped++) {
      if (this.takeBack(skipped) === undefined) return this.readDirect(path);
    }
    const state = this.takeBack(position);
    if (state === undefined) return this.readDirect(path);
    let outcome: ReadOutcome;
    if (state === READY) {
      outcome = decodeMigrationBytes(path, new Uint8Array(this.data, (position % SLOT_COUNT) * SLOT_BYTES, this.lengths[position]));
      this.delivered++;
    } else outcome = this.readDirect(path);
    // Everything up to here is consumed: its slot may be refilled. The reader, when it waits for
    // a slot, is woken once per batch rather than once per file (each wake is a system call).
    Atomics.store(this.control, 0, position + 1);
    if (position % NOTIFY_EVERY === 0) Atomics.notify(this.control, 0);
    return outcome;
  }

  /**
   * Takes a file back from the readers: unclaimed or still being read, it is left to a direct
   * read; being copied into its slot (a memory copy), it is waited for. READY or DIRECT; undefined
   * when a reader never finished a copy (it died): the readers are then closed.
   */
  private takeBack(position: number): number | undefined {
    // Unclaimed or still being read: read it here rather than wait for another thread.
    let state = Atomics.compareExchange(this.state, position, UNCLAIMED, DIRECT);
    if (state === READING) state = Atomics.compareExchange(this.state, position, READING, DIRECT);
    let waited = 0;
    while (state === COPYING) {
      // A reader that died mid-copy never reports: its 'error' event cannot reach this thread
      // while it waits. After a long wait, stop using the readers and read directly.
      if (Atomics.wait(this.state, position, COPYING, WAIT_SLICE_MS) === 'timed-out' && (waited += WAIT_SLICE_MS) >= GIVE_UP_MS) {
        this.close();
        return undefined;
      }
      state = Atomics.load(this.state, position);
    }
    return state === READY ? READY : DIRECT;
  }

  /**
   * For tests that order the threads: a reader started with `holdAt` stops after reading that
   * file, before delivering it, until this lets it go; resolves once it has finished that file.
   */
  async letHeldReaderGo(): Promise<void> {
    Atomics.store(this.hold, 1, 1);
    Atomics.notify(this.hold, 1);
    // Polled on a timer: a pending Atomics.waitAsync does not keep the event loop alive.
    for (let waited = 0; Atomics.load(this.hold, 1) !== 2; waited += 5) {
      if (waited >= GIVE_UP_MS) throw new Error(`no reader finished file ${this.hold[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Files a reader has finished and the main thread has not taken yet (for tests and logs). */
  waiting(): number {
    let ready = 0;
    for (let position = Math.max(0, Atomics.load(this.control, 0)); position < this.state.length; position++) {
      if (Atomics.load(this.state, position) === READY) ready++;
    }
    return ready;
  }

  /** A source that reads through this reader. */
  source(): FileSource {
    // The index cache's hooks pass through: only the reading goes ahead.
    const { cached, remember } = this.direct;
    return { read: (path) => this.read(path), isOverlay: (path) => this.direct.isOverlay(path), cached, remember };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    Atomics.store(this.hold, 1, 1);
    Atomics.notify(this.hold, 1);
    for (const worker of this.workers) void worker.terminate();
  }
}

/** Runs `load` with `source` reading `paths` ahead; the reader is stopped afterwards. */
export function withReadAhead<T>(source: FileSource, paths: readonly string[], load: (source: FileSource) => T): T {
  const ahead = ReadAhead.start(source, paths);
  if (!ahead) return load(source);
  try {
    return load(ahead.source());
  } finally {
    ahead.close();
  }
}
