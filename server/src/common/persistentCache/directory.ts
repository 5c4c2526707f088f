/**
 * The folder every persistent cache of Alembic Lens lives under, and what happens when it cannot
 * be used. Shared by the engine's content-keyed `--sql` cache (engine/cache/) and the index's
 * header cache (project/indexCache/), so both follow the same variables and a broken folder is
 * reported once per run, whichever cache meets it first.
 *
 * `$ALEMBIC_LENS_CACHE_DIR` when set, else `$XDG_CACHE_HOME/alembic-lens`, else
 * `~/.cache/alembic-lens`; `ALEMBIC_LENS_CACHE=off` turns every disk cache off.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where caches go, or null when disk caches are off. `sub` names one cache's own folder. */
export function persistentCacheFolder(sub: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if ((env.ALEMBIC_LENS_CACHE ?? '').toLowerCase() === 'off') return null;
  if (env.ALEMBIC_LENS_CACHE_DIR) return path.join(path.resolve(env.ALEMBIC_LENS_CACHE_DIR), sub);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'alembic-lens', sub);
}

/**
 * Creates `directory` and its missing parents, one level at a time. Node's own
 * `mkdirSync(dir, { recursive: true })` never returns for a folder under /proc (mkdir says
 * ENOENT, the parent exists, so it tries the same folder again, forever); here each level is
 * tried once. Returns why the folder cannot be used, or undefined when it can.
 */
export function ensureDirectory(directory: string): string | undefined {
  const missing: string[] = [];
  let folder = path.resolve(directory);
  for (;;) {
    try {
      if (fs.statSync(folder).isDirectory()) break;
      return `${folder} is not a folder`;
    } catch {
      const parent = path.dirname(folder);
      if (parent === folder) return `${folder} does not exist`;
      missing.push(folder);
      folder = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isDirectory(level)) continue;
      return `cannot create ${level} (${code ?? (error as Error).message})`;
    }
  }
  return undefined;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

type UnusableListener = (directory: string, reason: string) => void;
let unusableListener: UnusableListener | undefined;
const reported = new Set<string>();

/**
 * Who hears that the disk cache cannot be written (the CLI prints a warning). Every cache of a
 * process shares the folder, so each folder is reported once however many caches fail on it.
 */
export function onCacheDirectoryUnusable(listener: UnusableListener | undefined): void {
  unusableListener = listener;
}

export function reportUnusableCacheDirectory(directory: string, reason: string): void {
  if (reported.has(directory)) return;
  reported.add(directory);
  unusableListener?.(directory, reason);
}
