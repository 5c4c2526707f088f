/**
 * Coalesces bursts of work (keystrokes, file-watcher storms) into at most one run per interval.
 * The first change after a quiet period runs on the next tick (so a single edit republishes
 * quickly); changes arriving faster than the interval are batched, so a file changing a hundred
 * times a second cannot starve the server.
 */
export class ThrottledRunner {
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly run: () => void,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastRun + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Runs now if work is pending (requests call this so they see the latest text). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.lastRun = Date.now();
    this.run();
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
