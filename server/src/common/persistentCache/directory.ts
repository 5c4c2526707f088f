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
import { createDirectory } from '../createDirectory';

/** Where caches go, or null when disk caches are off. `sub` names one cache's own folder. */
export function persistentCacheFolder(sub: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if ((env.ALEMBIC_LENS_CACHE ?? '').toLowerCase() === 'off') return null;
  if (env.ALEMBIC_LENS_CACHE_DIR) return path.join(path.resolve(env.ALEMBIC_LENS_CACHE_DIR), sub);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'alembic-lens', sub);
}

/**
 * Creates `directory` and its missing parents, one level at a time (createDirectory.ts: Node's
 * recursive form never returns under /proc). Returns why the folder cannot be used, or undefined
 * when it can.
 */
export function ensureDirectory(directory: string): string | undefined {
  try {
    createDirectory(directory);
    return undefined;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    const at = failure.path ?? path.resolve(directory);
    // A file where a folder should be: the folder itself (EEXIST) or one above it (ENOTDIR).
    if (failure.code === 'EEXIST') return `${at} is not a folder`;
    if (failure.code === 'ENOTDIR') {
      let file = path.dirname(at);
      while (!isFile(file) && path.dirname(file) !== file) file = path.dirname(file);
      return `${file} is not a folder`;
    }
    return `cannot create ${at} (${failure.code ?? failure.message})`;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
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
