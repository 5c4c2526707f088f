import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planOfflineDowngrade, planOfflineStamp, planOfflineUpgrade } from '../../../server/src/engine/plan/planner';
import { PlanError } from '../../../server/src/engine/plan/types';
import { fakeGraph } from './fakeGraph';

const settings = { versionTable: { name: 'alembic_version', schema: null }, transactionPerMigration: false };
const graph = fakeGraph(
  { a: {}, b: { down: ['a'] }, c: { down: ['b'] } },
  { 'up:c': ['a', 'b', 'c'], 'down:a': ['c', 'b'] },
);

test('upgrade starts from base: the first step creates the version row', () => {
  const plan = planOfflineUpgrade(graph, 'c', settings);
  assert.deepEqual(plan.startHeads, []);
  assert.deepEqual(plan.steps.map((s) => s.logLine), ['upgrade  -> a', 'upgrade a -> b', 'upgrade b -> c']);
  assert.deepEqual(plan.steps.map((s) => s.headsBefore), [[], ['a'], ['b']]);
  assert.deepEqual(plan.steps[0].versionChanges, [{ kind: 'insert', version: 'a' }]);
});

test('downgrade needs FROM:TO offline and starts from FROM', () => {
  assert.throws(() => planOfflineDowngrade(graph, 'a', settings), (error: unknown) => error instanceof PlanError && /requires <fromrev>:<torev>/.test(error.message));
  const plan = planOfflineDowngrade(graph, 'c:a', settings);
  assert.deepEqual(plan.startHeads, ['c']);
  assert.deepEqual(plan.steps.map((s) => s.logLine), ['downgrade c -> b', 'downgrade b -> a']);
  assert.deepEqual(plan.steps.at(-1)!.versionChanges, [{ kind: 'update', from: 'b', to: 'a' }]);
});

test('stamp takes one starting revision and moves its row', () => {
  const plan = planOfflineStamp(graph, ['a:c'], settings);
  assert.deepEqual(plan.steps.map((s) => [s.logLine, s.versionChanges]), [
    ['stamp_revision a -> c', [{ kind: 'update', from: 'a', to: 'c' }]],
  ]);
  assert.throws(() => planOfflineStamp(graph, ['a:c', 'b:c'], settings), /only supports a single starting revision/);
  const fresh = planOfflineStamp(graph, ['c'], settings);
  assert.deepEqual(fresh.steps[0].versionChanges, [{ kind: 'insert', version: 'c' }]);
});

test('a start that names no revision fails as Alembic fails (x@base:..., an empty start); base: starts from the base', () => {
  const labelled = fakeGraph({ a: {}, b: { down: ['a'] } }, { 'up:b': ['a', 'b'] });
  const resolvingBaseToNothing = { ...labelled, resolveOne: (identifier: string) => (identifier === 'base' || identifier.endsWith('@base') ? null : identifier) };
  assert.throws(() => planOfflineUpgrade(resolvingBaseToNothing, 'x@base:b', settings), (error: unknown) => error instanceof PlanError && /'x@base' names no revision: Alembic fails here with AttributeError/.test(error.message));
  assert.throws(() => planOfflineUpgrade(resolvingBaseToNothing, ':b', settings), (error: unknown) => error instanceof PlanError && /AssertionError/.test(error.message));
  assert.deepEqual(planOfflineUpgrade(resolvingBaseToNothing, 'base:b', settings).startHeads, []);
});
