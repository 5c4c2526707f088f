/** Alembic: Preview Upgrade SQL — what `alembic upgrade <parent>:<revision> --sql` prints. */
import { openSqlPreview } from './previewSqlShared';
import type { CommandDefinition } from './types';

export const previewSql: CommandDefinition = {
  id: 'alembicLens.previewSql',
  run: (context, argument) => openSqlPreview(context, argument, 'upgrade'),
};
