/**
 * The file-name index of the down-revision-is-filename check: the last listed file with a given
 * file name or stem wins, as when the check built a map of every file on each rebuild.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileNames } from '../../../server/src/project/indexChecks';

test('names and stems find the last listed file that qualifies, across folders', () => {
  const a = path.join(path.sep, 'v1', 'x.py');
  const b = path.join(path.sep, 'v2', 'x.py');
  const c = path.join(path.sep, 'v3', 'x.py.py');
  const d = path.join(path.sep, 'v1', 'only.py');
  const names = new FileNames([a, b, c, d]);
  const all = () => true;
  assert.equal(names.lastNamed('x', all), b);
  assert.equal(names.lastNamed('x', (file) => file !== b), a, 'a file that does not qualify is skipped');
  assert.equal(names.lastNamed('x.py', all), c, 'the stem of x.py.py comes after the names x.py');
  assert.equal(names.lastNamed('x.py', (file) => file !== c), b);
  assert.equal(names.lastNamed('only', all), d);
  assert.equal(names.lastNamed('only.py', all), d);
  assert.equal(names.lastNamed('only', () => false), undefined);
  assert.equal(names.lastNamed('missing', all), undefined);
});
