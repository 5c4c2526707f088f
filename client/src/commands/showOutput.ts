/** Alembic: Show Output — the "Alembic Lens" output channel (extension log and server trace). */
import type { CommandDefinition } from './types';

export const showOutput: CommandDefinition = {
  id: 'alembicLens.showOutput',
  run(context) {
    context.logger.show();
  },
};
