/**
 * The map builder shares lists to keep rebuilds cheap: a revision reads its input's lists,
 * `children` and `allChildren` share one array while they are equal, revisions with the same
 * inherited labels share one set. None of that may leak: inputs stay as they were (the index
 * reuses them for the next build), and changing one revision's lists never changes another's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRevisionMap } from '../../../server/src/graph/revisionMap';
import { Revision } from '../../../server/src/graph/revision';
import { rev } from './helpers';

test('a partial down_revision is repaired on the revision, not in the input', () => {
  const inputs = [rev('aaaa1111'), rev('bbbb2222', 'aaaa')];
  const before = JSON.stringify(inputs);
  const map = buildRevisionMap(inputs);
  assert.deepEqual(map.get('bbbb2222')!.downRevisions, ['aaaa1111']);
  assert.deepEqual(map.get('aaaa1111')!.children, ['bbbb2222']);
  assert.equal(JSON.stringify(inputs), before, 'the input still says what the file says');
  const again = buildRevisionMap(inputs);
  assert.deepEqual(again.issues.map((issue) => issue.code), map.issues.map((issue) => issue.code), 'a second build from the same inputs reports the same');
});

test('children and allChildren match adding each child to two separate lists, in any order', () => {
  const next = (() => {
    let state = 17;
    return () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  })();
  for (let round = 0; round < 300; round++) {
    const revision = new Revision(rev('p'));
    const children: string[] = [];
    const allChildren: string[] = [];
    const steps = 1 + Math.floor(next() * 6);
    for (let step = 0; step < steps; step++) {
      const id = `c${Math.floor(next() * 4)}`;
      const versioned = next() < 0.6;
      revision.addChild(id, versioned);
      if (!allChildren.includes(id)) allChildren.push(id);
      if (versioned && !children.includes(id)) children.push(id);
      assert.deepEqual(revision.children, children, `round ${round}, step ${step}`);
      assert.deepEqual(revision.allChildren, allChildren, `round ${round}, step ${step}`);
    }
  }
});

test('lists start empty and frozen, and a dependency child splits the shared children list', () => {
  const map = buildRevisionMap([rev('a'), rev('b', 'a'), rev('c', 'b', { deps: ['a'] })]);
  const a = map.get('a')!;
  assert.deepEqual(a.children, ['b']);
  assert.deepEqual(a.allChildren, ['b', 'c']);
  const c = map.get('c')!;
  assert.deepEqual(c.children, []);
  assert.ok(Object.isFrozen(c.children), 'an empty list is the shared frozen one, never pushed onto');
  assert.deepEqual(map.heads, ['c']);
});

test('revisions that inherit the same labels share a set, and adding to one leaves the others alone', () => {
  const map = buildRevisionMap([rev('a', null, { labels: ['main'] }), rev('b', 'a'), rev('c', 'b'), rev('d', 'c')]);
  const [b, c, d] = ['b', 'c', 'd'].map((id) => map.get(id)!);
  for (const revision of [b, c, d]) {
    assert.deepEqual(revision.allBranchLabels, ['main']);
    assert.ok(revision.hasInheritedLabel('main'));
    assert.equal(revision.inheritedLabelCount, 1);
  }
  c.inheritedLabels.add('extra');
  assert.deepEqual(c.allBranchLabels, ['main', 'extra']);
  assert.deepEqual(b.allBranchLabels, ['main']);
  assert.deepEqual(d.allBranchLabels, ['main']);
  assert.equal(d.hasInheritedLabel('extra'), false);
  assert.deepEqual(map.get('a')!.allBranchLabels, ['main']);
});
