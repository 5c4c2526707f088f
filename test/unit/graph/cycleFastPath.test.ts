/**
 * The cycle check's shortcut (one topological pass when no walk can find a member) against the
 * plain object walks, on random histories rich in what the shortcut must not skip: missing
 * parents, depends_on entries that name nothing, several bases, duplicates and cycles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRevisionMap, type RevisionMap } from '../../../server/src/graph/revisionMap';
import { cycleMembers } from '../../../server/src/graph/build';
import { iterateRelated } from '../../../server/src/graph/walk';
import type { Revision } from '../../../server/src/graph/revision';
import type { RevisionInput } from '../../../server/src/graph/types';
import { rev } from './helpers';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

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

/** Alembic's check with object walks (what the map builder computes without the shortcut). */
function referenceCycleMessage(map: RevisionMap): string | undefined {
  const lookup = (id: string) => map.byId.get(id);
  const winners = map.revisions();
  const orphans = winners.filter((r) => r.downRevisions.some((id) => !lookup(id)));
  const check = (tops: Revision[], bottoms: Revision[], down: (r: Revision) => readonly string[], up: (r: Revision) => readonly string[]): string[] => {
    if (tops.length === 0 || bottoms.length === 0) return winners.map((r) => r.id);
    const below = new Set(iterateRelated(lookup, down, tops).map((r) => r.id));
    const above = new Set(iterateRelated(lookup, up, bottoms).map((r) => r.id));
    return winners.map((r) => r.id).filter((id) => !(below.has(id) && above.has(id))).sort();
  };
  if (winners.length === 0) return undefined;
  const heads = map.all.filter((r) => r.children.length === 0);
  const realHeads = map.all.filter((r) => r.allChildren.length === 0);
  const plain = check(heads, [...map.all.filter((r) => r.isBase), ...orphans], (r) => r.downRevisions, (r) => r.children);
  if (plain.length > 0) return `Cycle is detected in revisions (${plain.join(', ')})`;
  const withDependencies = check(realHeads, [...map.all.filter((r) => r.isRealBase), ...orphans], (r) => r.allDownRevisions, (r) => r.allChildren);
  if (withDependencies.length > 0) return `Dependency cycle is detected in revisions (${withDependencies.join(', ')})`;
  const members = cycleMembers(winners, lookup);
  return members.length > 0 ? `Cycle is detected in revisions (${members.join(', ')})` : undefined;
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

test('a base whose only depends_on entry names nothing is still reported as the walks report it', () => {
  const map = buildRevisionMap([rev('a', [], { deps: ['nothing'] }), rev('b', 'a'), rev('c', [])]);
  const cycles = map.issues.filter((issue) => issue.code.endsWith('cycle'));
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0].message, referenceCycleMessage(map));
  assert.equal(cycles[0].code, 'dependency-cycle');
});

test('an acyclic history with a missing parent and a dependency has no cycle issue', () => {
  const map = buildRevisionMap([rev('a'), rev('b', 'a'), rev('c', 'gone'), rev('d', 'c', { deps: ['b'] })]);
  assert.deepEqual(map.issues.filter((issue) => issue.code.endsWith('cycle')), []);
  assert.equal(referenceCycleMessage(map), undefined);
});
