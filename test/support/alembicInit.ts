/**
 * A new project made by the real Alembic's own `alembic init -t TEMPLATE migrations`, so a test
 * runs against the template as the installed Alembic writes it (async, pyproject_async, multidb).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { temporaryFolder } from './temporaryFolders';

/** The project's folder (alembic.ini and migrations/ in it). */
export function alembicInitProject(python: string, template: string, prefix: string): string {
  const dir = temporaryFolder(prefix);
  const init = spawnSync(python, ['-m', 'alembic', 'init', '-t', template, 'migrations'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(init.status, 0, init.stderr);
  return dir;
}
