/**
 * json.loads() as CPython's json module reads (the expected values are what CPython 3.11 gives);
 * what a migration then prints from them is compared with the real Alembic in the sql-fixtures
 * tier (file_reads: f11e0000004 seeds rows read with json.load).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLoads } from '../../../server/src/engine/interpret/jsonLoads';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { NONE, str, type Value } from '../../../server/src/engine/interpret/values';

const seq = (items: Value[]): Value => ({ kind: 'seq', items, tuple: false });

test('keys keep their written order, integer-like ones too; a repeated key keeps its first place and last value', () => {
  const value = jsonLoads('{"b": 1, "10": 2, "a": 3, "2": 4, "b": 5}');
  assert.deepEqual(value, {
    kind: 'dict',
    entries: [
      { key: str('b'), value: { kind: 'num', value: 5 } },
      { key: str('10'), value: { kind: 'num', value: 2 } },
      { key: str('a'), value: { kind: 'num', value: 3 } },
      { key: str('2'), value: { kind: 'num', value: 4 } },
    ],
  });
});

test('ints and floats stay apart (2 and 2.0 print differently); an int beyond 2**53 keeps its digits', () => {
  assert.deepEqual(jsonLoads('[2, 2.0, -1e2, 0.5, -0]'), seq([{ kind: 'num', value: 2 }, { kind: 'num', value: 2, float: true }, { kind: 'num', value: -100, float: true }, { kind: 'num', value: 0.5, float: true }, { kind: 'num', value: -0 }]));
  assert.deepEqual(jsonLoads('12345678901234567890'), { kind: 'num', value: 12345678901234567890, exact: '12345678901234567890' });
});

test('strings: escapes, surrogate pairs, and literals true, false and null', () => {
  assert.deepEqual(jsonLoads(' ["a\\"b\\\\c\\/d\\b\\f\\n\\r\\t", "\\u00e9\\ud83d\\ude00", true, false, null] '), seq([str('a"b\\c/d\b\f\n\r\t'), str('é😀'), { kind: 'bool', value: true }, { kind: 'bool', value: false }, NONE]));
  assert.deepEqual(jsonLoads('{}'), { kind: 'dict', entries: [] });
  assert.deepEqual(jsonLoads('[ ]'), seq([]));
});

test('what Python rejects, and what it reads but SQL cannot take as written, stay unknown', () => {
  for (const text of ['[1,]', '{"a": 1,}', "{'a': 1}", '"tab\there"', '\ufeff{}', '01', '1 2', '[1', '"\\x41"', '"\\u12"', '', 'NaN', '-Infinity', '[Infinity]', '1e400', '{"a" 1}', 'tru']) {
    assert.equal(jsonLoads(text), undefined, JSON.stringify(text));
  }
});

test('in a migration: json.loads of a literal string and json.load of an unknown file', () => {
  const source = [
    'import json',
    'from alembic import op',
    '',
    '',
    'def upgrade():',
    '    rows = json.loads(\'[{"name": "a"}, {"name": "b"}]\')',
    '    for row in rows:',
    '        op.execute("SELECT \'%s\'" % row["name"])',
    '    op.execute("SELECT %s" % json.loads("[1,]"))',
    '',
  ].join('\n');
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  const sql = steps.map((step) => (step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql : step.kind));
  assert.deepEqual(sql.slice(0, 2), ["SELECT 'a'", "SELECT 'b'"]);
  assert.ok(steps[2].kind === 'opaque' && /json\.loads/.test(steps[2].reason), JSON.stringify(steps[2]));
});
