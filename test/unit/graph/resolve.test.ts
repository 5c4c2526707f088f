// Identifier resolution; expected values are what Alembic 1.20's RevisionMap answers for the
// same graph (test/diff/graph-api.test.ts checks thousands more against Alembic itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandMessage } from '../../../server/src/graph/errors';
import { branchedHistory } from './helpers';

const map = branchedHistory();

function ids(identifier: string): string[] | string {
  const result = map.resolve(identifier);
  return result.ok ? result.value.map((r) => r.id) : `${result.error.kind}: ${result.error.message}`;
}

test('symbols: heads, base', () => {
  assert.deepEqual(ids('heads'), ['dddd4442', 'eeee5552', 'ffff6662']);
  assert.deepEqual(ids('base'), []);
});

test('head with several heads is MultipleHeads, with the command text Alembic prints', () => {
  const result = map.resolve('head');
  assert.ok(!result.ok);
  assert.equal(result.error.kind, 'multiple-heads');
  assert.deepEqual(result.error.heads, ['dddd4442', 'eeee5552', 'ffff6662']);
  assert.equal(
    commandMessage(result.error),
    "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
  );
});

test('full and partial ids; the length rule applies to candidates, as in Alembic', () => {
  assert.deepEqual(ids('aaaa1111'), ['aaaa1111']);
  assert.deepEqual(ids('aaaa'), ['aaaa1111']);
  assert.deepEqual(ids('a'), ['aaaa1111']);
});

test('ambiguous and unknown ids: Alembic texts', () => {
  assert.equal(ids('dddd'), "resolution: Multiple revisions start with 'dddd': 'dddd4441', 'dddd4442'...");
  assert.equal(ids('zzzz'), "resolution: No such revision or branch 'zzzz'");
  assert.equal(
    ids('zz'),
    "resolution: No such revision or branch 'zz'; please ensure at least four characters are present for partial revision identifier matches",
  );
  const failed = map.resolve('zzzz');
  assert.ok(!failed.ok);
  assert.equal(commandMessage(failed.error), "Can't locate revision identified by 'zzzz'");
});

test('branch labels: label, label@head, label@heads, label@base, label@rev', () => {
  assert.deepEqual(ids('feat'), ['dddd4441']);
  assert.deepEqual(ids('feat@head'), ['dddd4442']);
  assert.deepEqual(ids('feat@heads'), ['dddd4442']);
  assert.deepEqual(ids('feat@base'), []);
  assert.deepEqual(ids('other@head'), ['ffff6662']);
  assert.deepEqual(ids('feat@dddd4442'), ['dddd4442']);
  assert.equal(ids('feat@eeee5552'), "resolution: Revision eeee5552 is not a member of branch 'feat'");
  assert.equal(ids('nosuch@head'), "resolution: No such revision or branch 'nosuch'");
  assert.equal(ids('cccc3333@head').slice(0, 15), 'multiple-heads:');
});

test('relative -N walks down from every head; label@-N from that branch only', () => {
  assert.deepEqual(ids('-1'), ['dddd4441', 'eeee5551', 'ffff6661']);
  assert.deepEqual(ids('feat@-1'), ['dddd4441']);
  const one = map.resolveOne('-1');
  assert.ok(!one.ok);
  assert.match(one.error.message, /please ensure at least four characters/);
});

test('resolveOne: base is null, a label is its revision', () => {
  const base = map.resolveOne('base');
  assert.ok(base.ok && base.value === null);
  const label = map.resolveOne('feat');
  assert.ok(label.ok && label.value?.id === 'dddd4441');
});

test('currentHead and filterForLineage', () => {
  const head = map.currentHead('other');
  assert.ok(head.ok && head.value === 'ffff6662');
  const lineage = map.filterForLineage(map.heads, 'feat');
  assert.ok(lineage.ok);
  assert.deepEqual(lineage.value, ['dddd4442']);
});

test('relative upgrade targets: +N from a revision, label@+N, ambiguous walks', () => {
  const up = map.iterate('feat@+1', 'cccc3333', { implicitBase: true });
  assert.ok(up.ok);
  assert.deepEqual(up.value.map((r) => r.id), ['dddd4441']);
  const ambiguous = map.iterate('+2', 'bbbb2222', { implicitBase: true });
  assert.ok(!ambiguous.ok);
  assert.equal(ambiguous.error.message, 'Ambiguous walk');
});
