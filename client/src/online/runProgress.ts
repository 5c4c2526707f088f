/** Routes alembic/runProgress notifications to the run that is waiting for them (by runId). */
import type { RunProgressParams } from '../../../server/src/protocol';

export class RunProgressRouter {
  private readonly listeners = new Map<string, (params: RunProgressParams) => void>();
  private next = 0;

  /** A fresh run id whose notifications go to `listener` until the returned function is called. */
  open(listener: (params: RunProgressParams) => void): { runId: string; close(): void } {
    const runId = `run-${Date.now()}-${this.next++}`;
    this.listeners.set(runId, listener);
    return { runId, close: () => this.listeners.delete(runId) };
  }

  deliver(params: RunProgressParams): void {
    this.listeners.get(params.runId)?.(params);
  }
}
