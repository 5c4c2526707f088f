/**
 * json.dumps() of literal data, as Python prints it with its defaults (expected texts printed by
 * CPython 3.11's json.dumps). Real-Alembic parity inside op.execute() is in the corpus tier
 * (indico/json_dumps_settings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDumps } from '../../../server/src/engine/interpret/jsonDumps';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { NONE, str, type Value } from '../../../server/src/engine/interpret/values';

const seq = (items: Value[], tuple = false): Value => ({ kind: 'seq', items, tuple });

test('strings are escaped with ensure_ascii: controls, DEL, non-ASCII and astral characters', () => {
  assert.equal(jsonDumps(str('\x7f')), '"\\u007f"');
  assert.equal(jsonDumps(str('😀')), '"\\ud83d\\ude00"');
  assert.equal(jsonDumps(str('\x01/\\')), '"\\u0001/\\\\"');
  assert.equal(jsonDumps(str('say "hi"\n')), '"say \\"hi\\"\\n"');
});

test('lists, tuples and dicts use ", " and ": " and keep their order', () => {
  const dict: Value = { kind: 'dict', entries: [{ key: str('a'), value: seq([{ kind: 'bool', value: true }, NONE]) }] };
  assert.equal(jsonDumps(dict), '{"a": [true, null]}');
  assert.equal(jsonDumps(seq([str('x')], true)), '["x"]');
});

test('numbers and non-string keys are not printed (1 and 1.0 differ in Python, keys have rules of their own)', () => {
  assert.equal(jsonDumps({ kind: 'num', value: 1 }), undefined);
  assert.equal(jsonDumps({ kind: 'dict', entries: [{ key: { kind: 'bool', value: true }, value: str('x') }] }), undefined);
});

test('in a migration: json.dumps of a literal is text, of anything else a value known only at run time', () => {
  const source = 'import json\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute("SELECT \'%s\'" % json.dumps(["a"]))\n    op.execute("SELECT \'%s\'" % json.dumps(2))\n';
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  assert.equal(steps[0].kind === 'operation' && steps[0].operation.kind === 'execute' && steps[0].operation.sql.kind === 'text' ? steps[0].operation.sql.sql : undefined, `SELECT '["a"]'`);
  assert.ok(steps[1].kind === 'opaque' && /json\.dumps/.test(steps[1].reason));
});
