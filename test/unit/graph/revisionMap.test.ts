import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, graph, rev } from './helpers';

test('linear history: one head, one base, children and flags', () => {
  const map = graph(rev('a'), rev('b', 'a'), rev('c', 'b'));
  assert.deepEqual(map.heads, ['c']);
  assert.deepEqual(map.bases, ['a']);
  assert.deepEqual(map.get('a')!.children, ['b']);
  assert.ok(map.get('a')!.isBase && !map.get('a')!.isHead);
  assert.ok(map.get('c')!.isHead);
  assert.deepEqual(map.issues, []);
  assert.deepEqual(map.revisions().map((r) => r.id), ['a', 'b', 'c']);
});

test('branch point and merge point', () => {
  const map = graph(rev('a'), rev('b', 'a'), rev('c', 'a'), rev('m', ['b', 'c']));
  assert.ok(map.get('a')!.isBranchPoint);
  assert.ok(map.get('m')!.isMergePoint);
  assert.deepEqual(map.heads, ['m']);
});

test('multiple heads: a warning naming every head', () => {
  const map = graph(rev('a'), rev('b', 'a'), rev('c', 'a'));
  const issue = map.issues.find((i) => i.code === 'multiple-heads')!;
  assert.equal(issue.severity, 'warning');
  assert.deepEqual(issue.subjects.map((s) => s.id), ['b', 'c']);
  assert.match(issue.message, /^Multiple head revisions are present for given argument 'head'/);
});

test('multiple heads on separately labelled branches are information only', () => {
  const map = graph(rev('a'), rev('b', 'a', { labels: ['x'] }), rev('c', 'a', { labels: ['y'] }));
  assert.equal(map.issues.find((i) => i.code === 'multiple-heads')!.severity, 'information');
});

test('missing parent: Alembic text, subject names the entry', () => {
  const map = graph(rev('a'), rev('b', 'zzzz'));
  const issue = map.issues.find((i) => i.code === 'missing-parent')!;
  assert.equal(issue.message, 'Revision zzzz referenced from b is not present');
  assert.deepEqual(issue.subjects, [{ id: 'b', key: 'b.py', field: 'down_revision', value: 'zzzz' }]);
  assert.equal(issue.severity, 'error');
  assert.ok(map.hasFatalIssues);
});

test('missing depends_on target is a missing-parent on depends_on', () => {
  const map = graph(rev('a'), rev('b', 'a', { deps: ['nope'] }));
  const issue = map.issues.find((i) => i.code === 'missing-parent')!;
  assert.equal(issue.subjects[0].field, 'depends_on');
});

test('duplicate revision: last one wins, both reported, the shadowed copy stays a head', () => {
  const map = graph(rev('a', null, { key: 'one.py' }), rev('b', 'a'), rev('a', null, { key: 'two.py' }));
  const issue = map.issues.find((i) => i.code === 'duplicate-revision')!;
  assert.equal(issue.message, 'Revision a is present more than once');
  assert.deepEqual(issue.subjects.map((s) => s.key), ['two.py', 'one.py']);
  assert.equal(map.get('a')!.key, 'two.py');
  assert.deepEqual(map.revisions().map((r) => r.id), ['a', 'b']);
  // As in Alembic, the first copy never gets children: it is an extra head.
  assert.deepEqual(map.heads, ['a', 'b']);
});

test('cycle without any head: Alembic lists every revision in map order', () => {
  const map = graph(rev('base'), rev('x', ['base', 'z']), rev('y', 'x'), rev('z', 'y'));
  const issue = map.issues.find((i) => i.code === 'revision-cycle')!;
  assert.equal(issue.message, 'Cycle is detected in revisions (base, x, y, z)');
  assert.deepEqual(issue.subjects.map((s) => s.id), ['base', 'x', 'y', 'z']);
});

test('cycle behind a head: the revisions off the base-to-head space, sorted', () => {
  const map = graph(rev('z'), rev('h', 'z'), rev('q', 'p'), rev('p', 'q'), rev('r', 'p'));
  const issue = map.issues.find((i) => i.code === 'revision-cycle')!;
  assert.equal(issue.message, 'Cycle is detected in revisions (p, q, r)');
  assert.deepEqual(issue.data, { members: ['p', 'q', 'r'] });
});

test('a cycle that Alembic\'s own check misses (above a base and below a head) is still reported', () => {
  const map = graph(rev('z'), rev('h', 'z'), rev('q', ['z', 'p']), rev('p', 'q'), rev('r', 'p'));
  const issue = map.issues.find((i) => i.code === 'revision-cycle')!;
  assert.equal(issue.message, 'Cycle is detected in revisions (p, q)');
});

test('a history that is all cycle (no base) lists every revision', () => {
  const map = graph(rev('p', 'q'), rev('q', 'p'));
  assert.equal(map.issues.find((i) => i.code === 'revision-cycle')!.message, 'Cycle is detected in revisions (p, q)');
});

test('dependency cycle', () => {
  const map = graph(rev('a'), rev('b', 'a', { deps: ['c'] }), rev('c', 'a', { deps: ['b'] }));
  assert.deepEqual(codes(map).filter((c) => c.includes('cycle')), ['dependency-cycle']);
  // No real head at all: Alembic names every revision.
  assert.equal(map.issues.find((i) => i.code === 'dependency-cycle')!.message, 'Dependency cycle is detected in revisions (a, b, c)');
});

test('a depends_on entry naming no revision is a missing parent, not a dependency cycle', () => {
  // Alembic stops at the missing id (KeyError); the walk down from b2 ends at b1, as from an orphan.
  const map = graph(rev('b1', null, { deps: ['yy'] }), rev('b2', 'b1'), rev('b3', 'b2', { deps: ['b1'] }));
  assert.deepEqual(codes(map).filter((c) => c.includes('cycle') || c === 'missing-parent'), ['missing-parent']);
  // A real cycle beside it is still one.
  const cyclic = graph(rev('b1', null, { deps: ['yy'] }), rev('p', 'b1', { deps: ['q'] }), rev('q', 'b1', { deps: ['p'] }));
  assert.ok(codes(cyclic).includes('dependency-cycle'), codes(cyclic).join(', '));
});

test('self-loop and dependency self-loop', () => {
  const map = graph(rev('a', 'a'), rev('b', null, { deps: ['b'] }));
  assert.equal(map.issues.find((i) => i.code === 'self-loop')!.message, 'Self-loop is detected in revisions (a)');
  assert.equal(map.issues.find((i) => i.code === 'dependency-self-loop')!.message, 'Dependency self-loop is detected in revisions (b)');
  // The self edge is dropped, so the rest of the graph is still usable.
  assert.ok(map.get('a')!.isBase);
});

test('duplicate branch label, also when a label equals a revision id', () => {
  const map = graph(rev('a', null, { labels: ['x'] }), rev('b', 'a', { labels: ['x'] }), rev('c', 'b', { labels: ['a'] }));
  const messages = map.issues.filter((i) => i.code === 'duplicate-branch-label').map((i) => i.message);
  assert.deepEqual(messages, [
    "Branch name 'x' in revision b already used by revision a",
    "Branch name 'a' in revision c already used by revision a",
  ]);
});

test('invalid revision id characters, sorted as Alembic lists them', () => {
  const map = graph(rev('a-b+c'));
  assert.equal(map.issues.find((i) => i.code === 'invalid-revision-id')!.message, "Character(s) '+, -' not allowed in revision identifier 'a-b+c'");
});

test('partial id in down_revision and depends_on: error, suggestion, edge repaired', () => {
  const map = graph(rev('abcdef123456'), rev('b', 'abcdef'), rev('c', 'b', { deps: ['abcd'] }));
  const issues = map.issues.filter((i) => i.code === 'partial-id-reference');
  assert.equal(issues.length, 2);
  assert.deepEqual(issues.map((i) => i.data?.fullId), ['abcdef123456', 'abcdef123456']);
  assert.deepEqual(issues.map((i) => i.subjects[0].field).sort(), ['depends_on', 'down_revision']);
  assert.deepEqual(map.get('abcdef123456')!.children, ['b']);
  assert.ok(!codes(map).includes('missing-parent'));
});

test('too short or ambiguous prefixes stay missing parents', () => {
  const map = graph(rev('abcdef1'), rev('abcdef2'), rev('b', 'abc'), rev('c', 'b', { deps: ['abcdef'] }));
  assert.deepEqual(codes(map).filter((c) => c !== 'multiple-heads'), ['missing-parent', 'missing-parent']);
});

test('depends_on resolves ids and labels; effective heads vs real heads', () => {
  const map = graph(
    rev('s'),
    rev('e1', 's', { labels: ['expand'] }),
    rev('c1', 's', { labels: ['contract'], deps: ['expand'] }),
  );
  assert.deepEqual(map.get('c1')!.dependsOn, ['e1']);
  assert.deepEqual(map.heads, ['e1', 'c1']);
  assert.deepEqual(map.realHeads, ['c1']);
  assert.ok(map.get('e1')!.isEffectiveHead);
  assert.deepEqual(map.get('e1')!.allChildren, ['c1']);
  assert.deepEqual(map.get('e1')!.children, []);
  assert.deepEqual(map.realBases, ['s']);
});

test('normalized dependencies drop what an ancestor already depends on', () => {
  const map = graph(rev('x'), rev('a'), rev('b', 'a', { deps: ['x'] }), rev('c', 'b', { deps: ['x'] }));
  assert.deepEqual(map.get('b')!.normalizedDependsOn, ['x']);
  assert.deepEqual(map.get('c')!.normalizedDependsOn, []);
});

test('branch labels are inherited by descendants and by the linear run below', () => {
  const map = graph(rev('a'), rev('b', 'a'), rev('c', 'b', { labels: ['feat'] }), rev('d', 'c'), rev('e', 'd'));
  for (const id of ['a', 'b', 'c', 'd', 'e']) assert.deepEqual(map.get(id)!.allBranchLabels, ['feat'], id);
  assert.deepEqual(map.get('d')!.branchLabels, []);
});

test('label inheritance stops at a branch point below the label', () => {
  const map = graph(rev('a'), rev('x', 'a'), rev('b', 'a', { labels: ['feat'] }), rev('c', 'b'));
  assert.deepEqual(map.get('c')!.allBranchLabels, ['feat']);
  assert.deepEqual(map.get('a')!.allBranchLabels, []);
  assert.deepEqual(map.get('x')!.allBranchLabels, []);
});

test('never throws on odd input', () => {
  const map = graph(rev(''), rev('a', ['a', 'b']), rev('a', 'a'));
  assert.ok(map.issues.length > 0);
});
