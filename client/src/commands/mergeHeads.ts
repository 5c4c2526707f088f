/**
 * Alembic: Merge Heads... : which heads (all of them preselected; asked when there are more than
 * two), the message, and the server writes the file `alembic merge -m MESSAGE HEADS` writes,
 * rendered from the environment's script.py.mako.
 */
import type { CommandDefinition } from './types';
import { askHeadsToMerge, askMessage, createAndOpen, environmentToAuthor } from './revisionAuthoring';

export const mergeHeads: CommandDefinition = {
  id: 'alembicLens.mergeHeads',
  async run(context, argument) {
    const environment = await environmentToAuthor(context, argument);
    if (!environment) return undefined;
    const heads = await askHeadsToMerge(context, environment.environment);
    if (!heads) return undefined;
    const message = await askMessage(context, `Merge ${heads.length} heads: message`, 'merge heads');
    if (message === undefined) return undefined;
    return createAndOpen(context, { environmentId: environment.environment.id, message, heads }, 'The merge revision');
  },
};
