/** `alembicLens.test.treeSnapshot` (not in the palette): the revision tree as JSON, for the end-to-end tests. */
import type { CommandDefinition } from './types';

export const treeSnapshot: CommandDefinition = {
  id: 'alembicLens.test.treeSnapshot',
  run: (context) => context.tree.snapshot(),
};
