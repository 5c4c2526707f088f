/**
 * The index's environment in the shape the online engine takes (config file and ini section for
 * the Alembic fallback). A run executes what is on disk, but the index hashes an open file's
 * unsaved text: those hashes are left out, so the engine hashes (and caches) the disk text and
 * never files a compilation of the disk under the hash of the buffer.
 */
import type { OnlineEnvironment } from '../../engine/online/runOnline';
import type { Environment } from '../../project/types';

export function onlineEnvironment(env: Environment, openFiles: ReadonlySet<string> = new Set()): OnlineEnvironment {
  const files = openFiles.size === 0 ? env.files : new Map([...env.files].filter(([file]) => !openFiles.has(file)));
  return {
    config: env.config,
    graph: env.graph,
    fileOf: (revision) => env.fileOf(revision),
    files,
    configFile: env.config.configFile,
    section: env.config.kind === 'ini' ? env.config.name : undefined,
  };
}
