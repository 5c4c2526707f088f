/** Alembic: Dry Run Upgrade to This Revision — the upgrade in a transaction that is rolled back. */
import { runOnlineAction } from '../online/runAction';
import type { CommandDefinition } from './types';

export const dryRun: CommandDefinition = {
  id: 'alembicLens.dryRun',
  run: (context, argument) => runOnlineAction(context, 'dryRun', argument),
};
