/**
 * The last database state the server learned per environment (from alembic/current or after a
 * run), so hovers can say whether a revision is applied without connecting on every hover.
 */
import type { DatabaseState } from '../../protocol';

export class DatabaseStates {
  private readonly byEnvironment = new Map<string, DatabaseState & { at: Date }>();

  remember(state: DatabaseState): void {
    this.byEnvironment.set(state.environmentId, { ...state, at: new Date() });
  }

  get(environmentId: string): (DatabaseState & { at: Date }) | undefined {
    return this.byEnvironment.get(environmentId);
  }
}
