// The one builder of `alembic revision|merge` arguments (project/authoring/revisionArguments.ts),
// used by the CLI's --python fallback and by autogenerate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revisionArguments } from '../../../server/src/project/authoring/revisionArguments';
import { autogenerateArguments } from '../../../server/src/project/authoring/alembicAutogenerate';

test('revision: one --head, splice, version path, dependencies, label, and our id', () => {
  assert.deepEqual(
    revisionArguments({ command: 'revision', message: 'add x', revisionId: 'abc', heads: ['h1', 'h2'], splice: true, versionPath: 'v2', dependsOn: ['d1', 'd2'], branchLabel: 'feat' }),
    ['revision', '-m', 'add x', '--rev-id', 'abc', '--head', 'h1', '--splice', '--version-path', 'v2', '--depends-on', 'd1', '--depends-on', 'd2', '--branch-label', 'feat'],
  );
  assert.deepEqual(revisionArguments({ command: 'revision', revisionId: 'abc', autogenerate: true }), ['revision', '--autogenerate', '--rev-id', 'abc']);
});

test('merge: the heads as positionals and --splice (Alembic 1.18.5+), never --head or --autogenerate', () => {
  assert.deepEqual(
    revisionArguments({ command: 'merge', message: 'merge', revisionId: 'm1', heads: ['a', 'b'], splice: true, autogenerate: true, branchLabel: 'both' }),
    ['merge', '-m', 'merge', '--rev-id', 'm1', 'a', 'b', '--splice', '--branch-label', 'both'],
  );
  assert.deepEqual(revisionArguments({ command: 'merge', revisionId: 'm1', heads: ['a', 'b'] }), ['merge', '--rev-id', 'm1', 'a', 'b']);
});

test('autogenerate passes its fields through the same builder', () => {
  const args = autogenerateArguments({ python: 'p', configFile: '/x/alembic.ini', message: 'm', revisionId: 'r', head: 'h', mergeHeads: undefined, cwd: '/x', env: {} });
  assert.deepEqual(args.slice(2), ['-c', '/x/alembic.ini', 'revision', '--autogenerate', '-m', 'm', '--rev-id', 'r', '--head', 'h']);
  const merge = autogenerateArguments({ python: 'p', configFile: '/x/alembic.ini', message: 'm', revisionId: 'r', mergeHeads: ['a', 'b'], cwd: '/x', env: {} });
  assert.deepEqual(merge.slice(2), ['-c', '/x/alembic.ini', 'merge', '-m', 'm', '--rev-id', 'r', 'a', 'b']);
});
