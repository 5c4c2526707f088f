// `alembicLens.exclude` in discovery and in the workspace index: excluded folders are not walked,
// excluded config files are not read, file events there create no environment, and changing the
// globs (setExclude + rediscover) brings environments back or drops them with their problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { discoverEnvironments } from '../../../server/src/project/discover';
import { buildWorkspaceIndex, buildWorkspaceIndexAsync } from '../../../server/src/project/workspaceIndex';
import { temporaryFolder } from '../../support/temporaryFolders';

/** An alembic.ini environment in `dir` whose only migration names a missing parent (one problem). */
function iniEnvironment(dir: string): string {
  mkdirSync(path.join(dir, 'versions'), { recursive: true });
  writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  writeFileSync(path.join(dir, 'env.py'), 'from alembic import context\n');
  const migration = path.join(dir, 'versions', '0001_init.py');
  writeFileSync(migration, 'revision = "0001"\ndown_revision = "gone"\n');
  return migration;
}

function workspace(): { root: string; app: string; legacy: string; vendored: string } {
  const root = realpathSync(temporaryFolder('alembic-lens-exclude-'));
  const app = iniEnvironment(path.join(root, 'app'));
  const legacy = iniEnvironment(path.join(root, 'legacy', 'db'));
  const vendored = iniEnvironment(path.join(root, 'third_party', 'vendor', 'lib'));
  mkdirSync(path.join(root, 'tools', 'db'), { recursive: true });
  writeFileSync(path.join(root, 'tools', 'pyproject.toml'), '[tool.alembic]\nscript_location = "%(here)s/db"\n');
  // Skipped whatever `exclude` says: a dependency folder.
  iniEnvironment(path.join(root, 'web', 'node_modules', 'pkg'));
  return { root, app, legacy, vendored };
}

function folders(root: string, exclude?: string[]): string[] {
  const result = discoverEnvironments([root], undefined, exclude ? { exclude } : {});
  return result.environments.map((env) => path.relative(root, path.dirname(env.config.configFile)).split(path.sep).join('/')).sort();
}

test('without exclude every environment is found, except in the built-in skipped folders', () => {
  const { root } = workspace();
  assert.deepEqual(folders(root), ['app', 'legacy/db', 'third_party/vendor/lib', 'tools']);
  assert.deepEqual(folders(root, []), ['app', 'legacy/db', 'third_party/vendor/lib', 'tools']);
});

test('excluded folders are not searched: anchored, `**/` anywhere, and a single config file', () => {
  const { root } = workspace();
  assert.deepEqual(folders(root, ['legacy/**']), ['app', 'third_party/vendor/lib', 'tools']);
  assert.deepEqual(folders(root, ['**/vendor/**']), ['app', 'legacy/db', 'tools']);
  assert.deepEqual(folders(root, ['tools/pyproject.toml', 'l?gacy']), ['app', 'third_party/vendor/lib']);
  assert.deepEqual(folders(root, ['**/db/**', 'third_*']), ['app', 'tools']);
  // A pattern that names an environment's version folder does not drop an environment found outside it.
  assert.deepEqual(folders(root, ['app/versions/**']), ['app', 'legacy/db', 'third_party/vendor/lib', 'tools']);
});

test('an excluded config file is not listed for the watchers and its problems are not reported', () => {
  const { root } = workspace();
  writeFileSync(path.join(root, 'legacy', 'db', 'alembic.ini'), '[loggers]\nkeys = root\n');
  const plain = discoverEnvironments([root]);
  assert.ok(plain.problems.some((problem) => problem.code === 'missing-script-location'));
  const excluded = discoverEnvironments([root], undefined, { exclude: ['legacy/**'] });
  assert.deepEqual(excluded.problems, []);
  assert.ok(!excluded.configFiles.some((file) => file.includes(`${path.sep}legacy${path.sep}`)));
});

test('the index honours exclude at build time, and setExclude + rediscover brings an environment back and drops it again', async () => {
  const { root, app, legacy } = workspace();
  const index = buildWorkspaceIndex([root], { exclude: ['legacy/**'] });
  assert.equal(index.environments.length, 3);
  assert.equal(index.problemsFor(legacy).length, 0);
  assert.equal(index.problemsFor(app)[0]?.code, 'missing-parent');
  assert.equal(index.environmentForFile(legacy), undefined);

  index.setExclude([]);
  const back = index.rediscover();
  assert.equal(index.environments.length, 4);
  assert.equal(index.problemsFor(legacy)[0]?.code, 'missing-parent');
  assert.ok(back.affectedFiles.includes(legacy), 'the file whose diagnostics appear is reported as affected');
  assert.ok(!back.affectedFiles.includes(app));

  index.setExclude(['legacy']);
  const gone = index.rediscover();
  assert.equal(index.environments.length, 3);
  assert.deepEqual(index.problemsFor(legacy), []);
  assert.deepEqual(gone.affectedFiles, [legacy], 'only the file whose diagnostics must be cleared');

  const async = await buildWorkspaceIndexAsync([root], { exclude: ['legacy/**', 'third_party/**'] });
  assert.deepEqual(async.environments.map((env) => path.basename(path.dirname(env.config.configFile))).sort(), ['app', 'tools']);
});

test('a config file created or changed in an excluded folder creates no environment; elsewhere it does', () => {
  const { root } = workspace();
  const index = buildWorkspaceIndex([root], { exclude: ['legacy/**', '**/vendor/**'] });
  assert.equal(index.environments.length, 2);
  const hidden = iniEnvironment(path.join(root, 'legacy', 'second'));
  const hiddenChange = index.refreshFile(path.join(path.dirname(path.dirname(hidden)), 'alembic.ini'));
  assert.equal(index.environments.length, 2);
  assert.deepEqual(hiddenChange.affectedFiles, []);
  index.refreshFile(path.join(root, 'third_party', 'vendor', 'lib', 'alembic.ini'));
  assert.equal(index.environments.length, 2);
  assert.equal(index.environmentForFile(hidden), undefined);

  const visible = iniEnvironment(path.join(root, 'services', 'billing'));
  index.refreshFile(path.join(root, 'services', 'billing', 'alembic.ini'));
  assert.equal(index.environments.length, 3);
  assert.ok(index.environmentForFile(visible));
});
