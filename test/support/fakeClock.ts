/**
 * A clock and timers that move only when a test says so, for code that takes a SchedulerClock:
 * a test can check the exact delay something waits for without waiting, and time that the code
 * under test spends is whatever the test adds with `spend`.
 */
import type { SchedulerClock } from '../../server/src/lsp/scheduler';

interface FakeTimer {
  id: number;
  due: number;
  callback: () => void;
}

export class FakeClock implements SchedulerClock {
  private time = 0;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Delays (from now) of the timers still set, soonest first. */
  pendingDelays(): number[] {
    return this.timers.map((timer) => timer.due - this.time).sort((a, b) => a - b);
  }

  /** Time passing inside the code under test (a batch that takes `ms`); fires no timer. */
  spend(ms: number): void {
    this.time += ms;
  }

  /** Moves time on by `ms`, firing each timer that falls due, in order, at its own time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.due);
      next.callback();
    }
    this.time = Math.max(this.time, end);
  }
}
