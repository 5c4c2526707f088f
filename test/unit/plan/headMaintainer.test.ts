import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VersionHeads, revisionStepChanges, stampStepChanges } from '../../../server/src/engine/plan/headMaintainer';
import { fakeGraph } from './fakeGraph';

// root -> (b, c) -> merge m; o depends on c.
const graph = fakeGraph({
  root: {},
  b: { down: ['root'] },
  c: { down: ['root'] },
  m: { down: ['c', 'b'] },
  o0: {},
  o: { down: ['o0'], deps: ['c'] },
});

test('a base revision inserts a row', () => {
  assert.deepEqual(revisionStepChanges(graph, 'root', true, new VersionHeads([])), [{ kind: 'insert', version: 'root' }]);
});

test('moving a head updates its row, a second branch from a moved head inserts', () => {
  const heads = new VersionHeads(['root']);
  const first = revisionStepChanges(graph, 'c', true, heads);
  assert.deepEqual(first, [{ kind: 'update', from: 'root', to: 'c' }]);
  first.forEach((change) => heads.apply(change));
  assert.deepEqual(revisionStepChanges(graph, 'b', true, heads), [{ kind: 'insert', version: 'b' }]);
});

test('a merge deletes all parent rows but the last and updates that one', () => {
  assert.deepEqual(revisionStepChanges(graph, 'm', true, new VersionHeads(['c', 'b'])), [
    { kind: 'delete', version: 'c' },
    { kind: 'update', from: 'b', to: 'm' },
  ]);
});

test('downgrading a merge inserts all parents but one and updates the merge row', () => {
  assert.deepEqual(revisionStepChanges(graph, 'm', false, new VersionHeads(['m'])), [
    { kind: 'insert', version: 'c' },
    { kind: 'update', from: 'm', to: 'b' },
  ]);
});

test('downgrading a revision with a dependency unmerges onto the dependency', () => {
  assert.deepEqual(revisionStepChanges(graph, 'o', false, new VersionHeads(['o'])), [
    { kind: 'insert', version: 'o0' },
    { kind: 'update', from: 'o', to: 'c' },
  ]);
});

test('downgrading a base deletes its row; a dependency still held elsewhere deletes too', () => {
  assert.deepEqual(revisionStepChanges(graph, 'root', false, new VersionHeads(['root'])), [{ kind: 'delete', version: 'root' }]);
  // root stays implied by the other row b, so downgrading c leaves no row to point at: delete.
  assert.deepEqual(revisionStepChanges(graph, 'c', false, new VersionHeads(['c', 'b'])), [{ kind: 'delete', version: 'c' }]);
});

test('stamp steps: new branch, move, branch removal, merge', () => {
  assert.deepEqual(stampStepChanges([], ['m'], true, true, new VersionHeads([])), [{ kind: 'insert', version: 'm' }]);
  assert.deepEqual(stampStepChanges(['c'], ['m'], true, false, new VersionHeads(['c'])), [{ kind: 'update', from: 'c', to: 'm' }]);
  assert.deepEqual(stampStepChanges(['m'], [], false, true, new VersionHeads(['m'])), [{ kind: 'delete', version: 'm' }]);
  assert.deepEqual(stampStepChanges(['c', 'b'], ['m'], true, false, new VersionHeads(['c', 'b'])), [
    { kind: 'delete', version: 'c' },
    { kind: 'update', from: 'b', to: 'm' },
  ]);
});
