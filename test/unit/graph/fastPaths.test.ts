/**
 * The map builder's fast paths (memoized dependency normalization, integer-indexed walks for the
 * cycle check and label inheritance) against the plain per-revision algorithms they replace, on
 * random histories with merges, shared dependencies, labels, duplicates and cycles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRevisionMap, withRevisionDetails } from '../../../server/src/graph/revisionMap';
import { inheritBranchLabels, normalizeDependencies } from '../../../server/src/graph/build';
import type { Revision } from '../../../server/src/graph/revision';
import type { RevisionInput } from '../../../server/src/graph/types';
import { linearCongruential as random, rev } from './helpers';
import { referenceCycleMessage } from '../../support/referenceCycle';

function history(seed: number, size: number): RevisionInput[] {
  const next = random(seed);
  const pick = (limit: number) => `r${Math.floor(next() * limit)}`;
  const inputs: RevisionInput[] = [];
  for (let i = 0; i < size; i++) {
    const down = i === 0 ? [] : next() < 0.15 ? [pick(i), pick(i)] : [pick(i)];
    // Occasionally a parent from the future: a cycle.
    if (i > 3 && next() < 0.02) down.push(pick(size));
    const deps = next() < 0.3 ? [pick(Math.max(1, i)), ...(next() < 0.5 ? [pick(Math.max(1, i))] : [])] : [];
    const labels = next() < 0.05 ? [`label${i}`] : [];
    const id = next() < 0.02 && i > 0 ? pick(i) : `r${i}`;
    inputs.push(rev(id, [...new Set(down)], { deps: [...new Set(deps)], labels, key: `f${i}.py` }));
  }
  return inputs;
}

test('fast paths match the per-revision algorithms on random histories', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const inputs = history(seed, 20 + (seed % 7) * 15);
    const map = buildRevisionMap(inputs);
    const lookup = (id: string) => map.byId.get(id);
    const fast = map.all.map((r) => [...r.normalizedDependsOn]);
    const declarers = new Map<string, Revision[]>();
    for (const r of map.all) for (const id of r.dependsOn) declarers.set(id, [...(declarers.get(id) ?? []), r]);
    for (const r of map.all) normalizeDependencies(lookup, r, declarers);
    assert.deepEqual(map.all.map((r) => r.normalizedDependsOn), fast, `normalized depends_on, seed ${seed}`);

    const expected = referenceCycleMessage(map);
    const cycles = map.issues.filter((issue) => issue.code.endsWith('cycle')).map((issue) => issue.message);
    assert.deepEqual(cycles, expected ? [expected] : [], `cycles, seed ${seed}`);

    // Label inheritance the ordinary way (object walks) on a second build.
    const again = buildRevisionMap(inputs.map((input) => ({ ...input, branchLabels: [] })));
    for (const r of again.all) {
      const source = inputs.find((input) => input.key === r.key)!;
      for (const label of source.branchLabels) if (!again.labels.has(label) || again.labels.get(label) === r) r.inheritedLabels.add(label);
    }
    const labelled = again.all.filter((r) => inputs.find((input) => input.key === r.key)!.branchLabels.length > 0);
    inheritBranchLabels((id) => again.byId.get(id), labelled);
    if (map.issues.every((issue) => issue.code !== 'duplicate-branch-label')) {
      assert.deepEqual(again.all.map((r) => r.allBranchLabels.sort()), map.all.map((r) => r.allBranchLabels.sort()), `labels, seed ${seed}`);
    }
  }
});

test('withRevisionDetails gives a new map with new details and the same graph', () => {
  const inputs = [rev('a'), rev('b', 'a', { labels: ['x'] }), rev('c', 'b')];
  const map = buildRevisionMap(inputs);
  const next = withRevisionDetails(map, [{ ...inputs[1], message: 'renamed', createDate: '2024-01-01' }]);
  assert.notEqual(next, map);
  assert.equal(next.get('b')?.message, 'renamed');
  assert.equal(next.get('b')?.createDate, '2024-01-01');
  assert.equal(map.get('b')?.message, 'message of b', 'the old map is left alone');
  assert.deepEqual(next.get('b')?.children, ['c']);
  assert.equal(next.lookupSymbol('x'), next.get('b'));
  assert.equal(next.all[1], next.get('b'));
  assert.deepEqual(next.heads, map.heads);
  assert.equal(next.get('a'), map.get('a'));
});

