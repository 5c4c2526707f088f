/** Alembic: Refresh Database State — reads the version table of every environment on the active connection (may ask for a password). */
import { refreshDatabaseStates } from '../online/refreshStates';
import { requireTrust } from '../connections/activeConnection';
import { requireServer } from './wrap';
import type { CommandDefinition } from './types';

export const refreshDatabase: CommandDefinition = {
  id: 'alembicLens.refreshDatabase',
  async run(context) {
    requireTrust();
    requireServer(context);
    return refreshDatabaseStates(context, true);
  },
};
