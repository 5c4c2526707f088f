/**
 * Alembic: Reset Embedded Database — deletes the embedded PostgreSQL of every environment (asks
 * first); the next run starts from an empty database.
 */
import { embeddedFolder, requireTrust } from '../connections/activeConnection';
import { requireServer } from './wrap';
import type { CommandDefinition } from './types';

export const resetEmbeddedDatabase: CommandDefinition = {
  id: 'alembicLens.resetEmbeddedDatabase',
  async run(context) {
    requireTrust();
    const requests = requireServer(context);
    const roots = await context.tree.load();
    const names = roots.map((root) => root.environment.name).join(', ');
    const agreed = await context.confirm(
      'Reset the embedded database?',
      `The embedded PostgreSQL of ${roots.length} environment(s) (${names}) is deleted with all its tables and data. Connections in alembicLens.connections are not touched.`,
      'Reset',
    );
    if (!agreed) return undefined;
    let removed = 0;
    for (const root of roots) {
      const result = await requests.resetEmbedded({ folder: embeddedFolder(context.extension, root.environment.id, root.environment.name) });
      if (result.removed) removed++;
    }
    context.databases.clear();
    context.logger.info(`Reset the embedded database of ${removed} environment(s)`);
    return removed;
  },
};
