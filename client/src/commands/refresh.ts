/** Alembic: Refresh Revisions — reloads the tree and the status bar from the server. */
import type { CommandDefinition } from './types';

export const refresh: CommandDefinition = {
  id: 'alembicLens.refresh',
  async run(context) {
    context.tree.refresh();
    await context.tree.load();
  },
};
