/** Alembic: Downgrade Database to the Parent Revision — `downgrade <parent>` on the active connection; asks first, listing the steps. */
import { runOnlineAction } from '../online/runAction';
import type { CommandDefinition } from './types';

export const downgradeToParent: CommandDefinition = {
  id: 'alembicLens.downgradeToParent',
  run: (context, argument) => runOnlineAction(context, 'downgrade', argument),
};
