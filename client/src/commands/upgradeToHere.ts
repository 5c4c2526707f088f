/** Alembic: Upgrade Database to This Revision — `upgrade <revision>` on the active connection (CodeLens "Upgrade to here"). */
import { runOnlineAction } from '../online/runAction';
import type { CommandDefinition } from './types';

export const upgradeToHere: CommandDefinition = {
  id: 'alembicLens.upgradeToHere',
  run: (context, argument) => runOnlineAction(context, 'upgrade', argument),
};
