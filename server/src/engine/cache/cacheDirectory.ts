/**
 * Where the on-disk cache lives: `$ALEMBIC_LENS_CACHE_DIR` when set, else
 * `$XDG_CACHE_HOME/alembic-lens/compiled`, else `~/.cache/alembic-lens/compiled`.
 * `ALEMBIC_LENS_CACHE=off` disables the disk cache (the in-memory one still works).
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  if ((env.ALEMBIC_LENS_CACHE ?? '').toLowerCase() === 'off') return null;
  if (env.ALEMBIC_LENS_CACHE_DIR) return path.resolve(env.ALEMBIC_LENS_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'alembic-lens', 'compiled');
}

export { ensureDirectory, onCacheDirectoryUnusable, reportUnusableCacheDirectory } from '../../common/persistentCache/directory';
