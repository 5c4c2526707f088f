/**
 * The client's copy of each environment's database state (from alembic/current and after runs),
 * which the revision tree's applied/pending/current markers and the status bar show.
 */
import * as vscode from 'vscode';
import type { DatabaseState } from '../../../server/src/protocol';

export class DatabaseStates implements vscode.Disposable {
  private readonly byEnvironment = new Map<string, DatabaseState>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  get(environmentId: string): DatabaseState | undefined {
    return this.byEnvironment.get(environmentId);
  }

  set(state: DatabaseState): void {
    this.byEnvironment.set(state.environmentId, state);
    this.emitter.fire();
  }

  /** The connection changed: what was read from the old one no longer describes anything. */
  clear(): void {
    this.byEnvironment.clear();
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
