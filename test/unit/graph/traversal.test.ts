// Traversal order and the collections the SQL planner uses; expectations are Alembic 1.20's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downgradeRevisions, upgradeRevisions } from '../../../server/src/graph/traversal';
import { branchedHistory, graph, rev } from './helpers';

const map = branchedHistory();

const idsOf = (result: { ok: boolean; value?: { id: string }[] }): string[] => (result.ok ? result.value!.map((r) => r.id) : ['<error>']);

test('history order: each branch down to where another branch still needs it', () => {
  assert.deepEqual(idsOf(map.walkRevisions()), [
    'dddd4442', 'dddd4441', 'eeee5552', 'eeee5551', 'cccc3333', 'bbbb2222', 'aaaa1111', 'ffff6662', 'ffff6661',
  ]);
});

test('inclusive and implicit_base', () => {
  assert.deepEqual(idsOf(map.iterate('dddd4442', 'bbbb2222', { inclusive: true, assertRelativeLength: false })), ['dddd4442', 'dddd4441', 'cccc3333', 'bbbb2222']);
  assert.deepEqual(idsOf(map.iterate('dddd4442', 'bbbb2222', { implicitBase: true })), ['dddd4442', 'dddd4441', 'cccc3333']);
  assert.deepEqual(idsOf(map.iterate('heads', 'cccc3333', { implicitBase: true })), ['dddd4442', 'dddd4441', 'eeee5552', 'eeee5551', 'ffff6662', 'ffff6661']);
  assert.deepEqual(idsOf(map.iterate('heads', 'cccc3333', { inclusive: true, assertRelativeLength: false })), ['dddd4442', 'dddd4441', 'eeee5552', 'eeee5551', 'cccc3333']);
});

test('range not on one lineage', () => {
  const result = map.iterate('eeee5552', 'dddd4441', { inclusive: true, assertRelativeLength: false });
  assert.ok(!result.ok);
  assert.equal(result.error.kind, 'range-not-ancestor');
  assert.equal(result.error.message, 'Revision dddd4441 is not an ancestor of revision eeee5552');
});

test('upgradeRevisions: oldest first, from the current heads', () => {
  assert.deepEqual(idsOf(upgradeRevisions(map, 'feat@head', null)), ['aaaa1111', 'bbbb2222', 'cccc3333', 'dddd4441', 'dddd4442']);
  assert.deepEqual(idsOf(upgradeRevisions(map, 'heads', 'cccc3333')), ['ffff6661', 'ffff6662', 'eeee5551', 'eeee5552', 'dddd4441', 'dddd4442']);
});

test('downgradeRevisions: newest first, what to undo', () => {
  assert.deepEqual(idsOf(downgradeRevisions(map, 'bbbb2222', 'dddd4442')), ['dddd4442', 'dddd4441', 'cccc3333']);
  assert.deepEqual(idsOf(downgradeRevisions(map, 'cccc3333', ['dddd4442', 'eeee5552'])), ['dddd4442', 'dddd4441', 'eeee5552', 'eeee5551']);
  assert.deepEqual(idsOf(downgradeRevisions(map, 'base', ['dddd4442', 'eeee5552'])), [
    'dddd4442', 'dddd4441', 'eeee5552', 'eeee5551', 'cccc3333', 'bbbb2222', 'aaaa1111',
  ]);
  assert.deepEqual(idsOf(downgradeRevisions(map, 'feat@-1', 'dddd4442')), ['dddd4442']);
  const nothing = downgradeRevisions(map, 'eeee5551', 'dddd4442');
  assert.ok(!nothing.ok);
  assert.equal(nothing.error.message, 'Revision Nothing to drop is not an ancestor of revision dddd4442');
});

test('depends_on orders the dependency first', () => {
  const deps = graph(rev('s'), rev('e1', 's', { labels: ['expand'] }), rev('c1', 's', { labels: ['contract'], deps: ['e1'] }));
  assert.deepEqual(idsOf(upgradeRevisions(deps, 'contract@head', null)), ['s', 'e1', 'c1']);
});
