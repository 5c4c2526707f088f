/**
 * Coalesces bursts of work (keystrokes, file-watcher storms) into batches. The first change
 * after a quiet period runs on the next tick, so a single edit republishes at once; changes that
 * arrive while the server is busy are batched, and the gap before the next batch is at least as
 * long as the last batch took (and at least the configured interval), so a file changing a
 * hundred times a second leaves half the time for requests and never starves the server.
 */
export class ThrottledRunner {
  private timer: unknown;
  private lastEnd = -Infinity;
  private lastDuration = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly run: () => void,
    private readonly clock: SchedulerClock = realClock,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastEnd + Math.max(this.minIntervalMs, this.lastDuration) - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Runs now and cancels the timer (requests call this when work is pending, so they see the latest text). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const start = this.clock.now();
    try {
      this.run();
    } finally {
      this.lastEnd = this.clock.now();
      this.lastDuration = this.lastEnd - start;
    }
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Time and timers the runner uses; tests pass a fake one to check the gaps without waiting. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
