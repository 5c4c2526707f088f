/** Alembic: Preview Downgrade SQL — what `alembic downgrade <revision>:<parent> --sql` prints. */
import { openSqlPreview } from './previewSqlShared';
import type { CommandDefinition } from './types';

export const previewDowngradeSql: CommandDefinition = {
  id: 'alembicLens.previewDowngradeSql',
  run: (context, argument) => openSqlPreview(context, argument, 'downgrade'),
};
