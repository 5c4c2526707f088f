/**
 * Alembic runs `[post_write_hooks]` (black, ruff, a console script, ...) on a new revision after
 * writing it; Alembic Lens does not run programs, so the file it writes differs from Alembic's
 * whenever hooks are configured. This names them so the front end can say so.
 */
import type { EnvironmentConfig } from '../types';
import { readConfigSources } from '../environment';
import { getIniValue } from '../ini';

/** The hook names of the ini's `[post_write_hooks] hooks = ...` (and of `[tool.alembic] post_write_hooks`). */
export function postWriteHookNames(config: EnvironmentConfig): string[] {
  const sources = readConfigSources(config.configFile);
  const names: string[] = [];
  if (sources.ini) {
    const hooks = getIniValue(sources.ini, 'post_write_hooks', 'hooks')?.value ?? '';
    names.push(...hooks.split(/[\s,]+/).filter((name) => name !== ''));
  }
  if (sources.toml?.options.has('post_write_hooks')) names.push('tool.alembic.post_write_hooks');
  return names;
}
