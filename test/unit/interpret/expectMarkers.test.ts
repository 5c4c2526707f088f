/**
 * The `# expect:` markers are the hand-written truth of the interpreter fixtures, so their reader
 * must neither drop a marker it cannot read nor let a missing or extra finding pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFindings, expectedFindings, type Finding } from './expectMarkers';

const lines = { firstLine: 10, lineOffset: 6 };

test('markers are read per line, several to a line, with optional message fragments', () => {
  const source = [
    'def upgrade():',
    '    op.add_colum("t", c)  # expect: opaque "not an Alembic operation"; problem unknown-operation "did you mean"',
    '    op.drop_table("x")',
    '    while x:  # expect: problem opaque-step',
  ].join('\n');
  assert.deepEqual(expectedFindings(source), [
    { line: 1, kind: 'opaque', key: '', fragment: 'not an Alembic operation' },
    { line: 1, kind: 'problem', key: 'unknown-operation', fragment: 'did you mean' },
    { line: 3, kind: 'problem', key: 'opaque-step', fragment: '' },
  ]);
});

test('a marker that cannot be read fails instead of expecting less', () => {
  assert.throws(() => expectedFindings('x = 1  # expect: opaque while loop'), /cannot read expect marker/);
  assert.throws(() => expectedFindings('x = 1  # expect: problem Unknown_Code'), /cannot read expect marker/);
  assert.throws(() => expectedFindings('x = 1  # expect: problem opaque-step extra'), /cannot read expect marker/);
  assert.throws(() => expectedFindings('x = 1  # expect:'), /empty expect marker/);
});

test('comparison reports a missing finding, an unexpected one, a wrong line and a wrong code', () => {
  const found: Finding[] = [
    { line: 7, kind: 'opaque', key: '', fragment: 'while loop: the number of iterations is known only at run time' },
    { line: 7, kind: 'problem', key: 'opaque-step', fragment: 'the engine cannot interpret this statement' },
  ];
  assert.deepEqual(compareFindings([{ line: 7, kind: 'opaque', key: '', fragment: 'while loop' }, { line: 7, kind: 'problem', key: 'opaque-step', fragment: '' }], found, lines), []);
  assert.deepEqual(compareFindings([], found, lines), [
    'found but not expected: line 11: opaque "while loop: the number of iterations is known only at run time"',
    'found but not expected: line 11: problem opaque-step "the engine cannot interpret this statement"',
  ]);
  assert.deepEqual(compareFindings([{ line: 8, kind: 'opaque', key: '', fragment: 'while loop' }], found.slice(0, 1), lines), [
    'expected but not found: line 12: opaque "while loop"',
    'found but not expected: line 11: opaque "while loop: the number of iterations is known only at run time"',
  ]);
  assert.deepEqual(compareFindings([{ line: 7, kind: 'problem', key: 'unknown-operation', fragment: '' }], found.slice(1), lines).length, 2);
  assert.deepEqual(compareFindings([{ line: 7, kind: 'opaque', key: '', fragment: 'try block' }], found.slice(0, 1), lines).length, 2);
});

test('two identical expectations need two findings', () => {
  const one: Finding = { line: 1, kind: 'opaque', key: '', fragment: 'GUID' };
  assert.deepEqual(compareFindings([one, one], [one], lines), ['expected but not found: line 5: opaque "GUID"']);
});
