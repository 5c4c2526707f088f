/**
 * The cycle check's shortcut (one topological pass when no walk can find a member) against the
 * plain object walks, on random histories rich in what the shortcut must not skip: missing
 * parents, depends_on entries that name nothing, several bases, duplicates and cycles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRevisionMap } from '../../../server/src/graph/revisionMap';
import type { RevisionInput } from '../../../server/src/graph/types';
import { linearCongruential as random, rev } from './helpers';
import { referenceCycleMessage } from '../../support/referenceCycle';

function history(seed: number, size: number): RevisionInput[] {
  const next = random(seed);
  const pick = (limit: number) => `r${Math.floor(next() * limit)}`;
  const inputs: RevisionInput[] = [];
  for (let i = 0; i < size; i++) {
    const roll = next();
    // Several bases, some parents missing (`gone*`), occasionally one from the future (a cycle).
    const down = i === 0 || roll < 0.08 ? [] : roll < 0.12 ? [`gone${i}`] : roll < 0.25 ? [pick(i), pick(i)] : [pick(i)];
    if (i > 3 && next() < 0.02) down.push(pick(size));
    const depRoll = next();
    const deps = depRoll < 0.1 ? [`nothing${i}`] : depRoll < 0.3 ? [pick(Math.max(1, i))] : [];
    const id = next() < 0.02 && i > 0 ? pick(i) : `r${i}`;
    inputs.push(rev(id, [...new Set(down)].filter((parent) => parent !== id), { deps: deps.filter((dep) => dep !== id), key: `f${i}.py` }));
  }
  return inputs;
}


test('the cycle check gives the object walks answer on random histories', () => {
  let withCycle = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const map = buildRevisionMap(history(seed, 10 + (seed % 9) * 12));
    const expected = referenceCycleMessage(map);
    if (expected) withCycle++;
    const found = map.issues.filter((issue) => issue.code.endsWith('cycle')).map((issue) => issue.message);
    assert.deepEqual(found, expected ? [expected] : [], `seed ${seed}`);
  }
  assert.ok(withCycle > 10 && withCycle < 110, `both outcomes occur (${withCycle} of 120 with a cycle issue)`);
});

test('a base whose only depends_on entry names nothing is a missing parent, not a dependency cycle', () => {
  // Alembic stops at the missing id (KeyError); the walk down from b ends at a, as at an orphan.
  const map = buildRevisionMap([rev('a', [], { deps: ['nothing'] }), rev('b', 'a'), rev('c', [])]);
  assert.deepEqual(map.issues.filter((issue) => issue.code.endsWith('cycle')), []);
  assert.equal(referenceCycleMessage(map), undefined);
  assert.ok(map.issues.some((issue) => issue.code === 'missing-parent'));
});

test('an acyclic history with a missing parent and a dependency has no cycle issue', () => {
  const map = buildRevisionMap([rev('a'), rev('b', 'a'), rev('c', 'gone'), rev('d', 'c', { deps: ['b'] })]);
  assert.deepEqual(map.issues.filter((issue) => issue.code.endsWith('cycle')), []);
  assert.equal(referenceCycleMessage(map), undefined);
});
