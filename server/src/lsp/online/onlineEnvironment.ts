/** The index's environment in the shape the online engine takes (config file and ini section for the Alembic fallback). */
import type { OnlineEnvironment } from '../../engine/online/runOnline';
import type { Environment } from '../../project/types';

export function onlineEnvironment(env: Environment): OnlineEnvironment {
  return {
    config: env.config,
    graph: env.graph,
    fileOf: (revision) => env.fileOf(revision),
    files: env.files,
    configFile: env.config.configFile,
    section: env.config.kind === 'ini' ? env.config.name : undefined,
  };
}
