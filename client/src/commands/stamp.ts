/** Alembic: Stamp Database with This Revision — `stamp <revision>` (version table only, no migration code); asks first. */
import { runOnlineAction } from '../online/runAction';
import type { CommandDefinition } from './types';

export const stamp: CommandDefinition = {
  id: 'alembicLens.stamp',
  run: (context, argument) => runOnlineAction(context, 'stamp', argument),
};
