import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stableAnswer, stableStretch, withStableFiles } from '../../../server/src/common/stableFiles';
import { findEnvPy } from '../../../server/src/engine/interpret/naming/targetMetadata';
import { temporaryFolder } from '../../support/temporaryFolders';

test('an answer is computed once per key within a stretch, and every time outside one', () => {
  let computed = 0;
  const ask = (): number => stableAnswer('key', () => ++computed);
  assert.equal(ask(), 1);
  assert.equal(ask(), 2, 'outside a stretch nothing is kept');
  withStableFiles(() => {
    assert.equal(ask(), 3);
    assert.equal(ask(), 3, 'the same stretch keeps the answer');
    assert.equal(stableAnswer('other', () => 'x'), 'x');
    withStableFiles(() => assert.equal(ask(), 3, 'a nested stretch is part of the enclosing one'));
  });
  withStableFiles(() => assert.equal(ask(), 4, 'a new stretch asks again'));
  assert.equal(stableStretch(), undefined);
});

test('a stretch ends when its work throws', () => {
  assert.throws(() =>
    withStableFiles(() => {
      throw new Error('boom');
    }),
  );
  assert.equal(stableStretch(), undefined);
});

test('findEnvPy sees an env.py created after a stretch, not during it', () => {
  const root = temporaryFolder('stable-files-');
  const versions = path.join(root, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  const first = path.join(versions, 'a1_first.py');
  const second = path.join(versions, 'b2_second.py');
  const envPy = path.join(root, 'migrations', 'env.py');
  withStableFiles(() => {
    assert.equal(findEnvPy(first), undefined);
    writeFileSync(envPy, 'target_metadata = None\n');
    assert.equal(findEnvPy(second), undefined, 'the folder was answered for earlier in the stretch');
  });
  assert.equal(findEnvPy(first), envPy);
  withStableFiles(() => assert.equal(findEnvPy(second), envPy));
  rmSync(envPy);
  assert.equal(findEnvPy(first), undefined, 'outside a stretch every question goes to the file system');
  // env.py itself never finds itself.
  assert.equal(findEnvPy(envPy), undefined);
});
