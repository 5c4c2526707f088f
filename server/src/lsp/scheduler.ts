/**
 * Coalesces bursts of work (keystrokes, file-watcher storms) into batches. The first change
 * after a quiet period runs on the next tick, so a single edit republishes at once; changes that
 * arrive while the server is busy are batched, and the gap before the next batch is at least as
 * long as the last batch took (and at least the configured interval), so a file changing a
 * hundred times a second leaves half the time for requests and never starves the server.
 */
export class ThrottledRunner {
  private timer: NodeJS.Timeout | undefined;
  private lastEnd = -Infinity;
  private lastDuration = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly run: () => void,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastEnd + Math.max(this.minIntervalMs, this.lastDuration) - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Runs now if work is pending (requests call this so they see the latest text). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const start = performance.now();
    try {
      this.run();
    } finally {
      this.lastEnd = performance.now();
      this.lastDuration = this.lastEnd - start;
    }
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
