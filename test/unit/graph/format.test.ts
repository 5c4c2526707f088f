import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmdFormat, headOnly, logEntry } from '../../../server/src/graph/format';
import { buildRevisionMap } from '../../../server/src/graph/revisionMap';

const map = buildRevisionMap([
  { id: 's', downRevisions: [], branchLabels: [], dependsOn: [], key: '/v/s.py', path: '/v/s.py', docstring: 'start\n\nRevision ID: s' },
  { id: 'e1', downRevisions: ['s'], branchLabels: ['expand'], dependsOn: [], key: '/v/e1.py', path: '/v/e1.py', message: 'expand' },
  { id: 'c1', downRevisions: ['s'], branchLabels: ['contract'], dependsOn: ['e1'], key: '/v/c1.py', path: '/v/c1.py', message: 'contract' },
  { id: 'm', downRevisions: ['e1', 'c1'], branchLabels: [], dependsOn: [], key: '/v/m.py', path: '/v/m.py', message: 'merge' },
]);

test('heads line: labels, (head); tree indicators only when asked', () => {
  assert.equal(headOnly(map.get('m')!, { includeBranches: true, treeIndicators: false }), 'm (expand, contract) (head)');
  assert.equal(headOnly(map.get('m')!, { includeBranches: true }), 'm (expand, contract) (head) (mergepoint)');
});

test('history line: parents, dependencies, doc', () => {
  assert.equal(
    headOnly(map.get('c1')!, { includeBranches: true, includeDoc: true, includeParents: true }),
    's (e1) -> c1 (contract), contract',
  );
  assert.equal(headOnly(map.get('s')!, { includeDoc: true, includeParents: true }), '<base> -> s (branchpoint), start');
});

test('effective head: a head consumed by depends_on', () => {
  const solo = buildRevisionMap([
    { id: 'x', downRevisions: [], branchLabels: [], dependsOn: [], key: 'x' },
    { id: 'y', downRevisions: [], branchLabels: [], dependsOn: ['x'], key: 'y' },
  ]);
  assert.equal(headOnly(solo.get('x')!, { treeIndicators: false }), 'x (effective head)');
});

test('log entry: Alembic verbose block with the whole docstring indented', () => {
  assert.equal(logEntry(map.get('s')!), 'Rev: s (branchpoint)\nParent: <base>\nBranches into: e1, c1\nPath: /v/s.py\n\n    start\n    \n    Revision ID: s\n');
  assert.equal(
    cmdFormat(map.get('m')!, true),
    'Rev: m (head) (mergepoint)\nMerges: e1, c1\nBranch names: expand, contract\nPath: /v/m.py\n\n    merge\n',
  );
  assert.equal(logEntry(map.get('c1')!).split('\n')[2], 'Also depends on: e1');
});
