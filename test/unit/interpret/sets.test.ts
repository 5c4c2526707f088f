/**
 * set() of literal strings: members known, order not (Python randomises string hashing per
 * process), so only sorted() and len() of it are values; anything else that reads it is unknown.
 * sorted() compares as Python does. Real-Alembic parity is in the corpus tier
 * (faraday/sorted_set_enum_values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

function executed(body: string): string[] {
  const source = `from alembic import op\n\n\ndef upgrade():\n${body.split('\n').map((line) => `    ${line}`).join('\n')}\n`;
  return interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps.map((step) => {
    if (step.kind === 'opaque') return `OPAQUE: ${step.reason}`;
    return step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql : step.kind;
  });
}

test('sorted(), sorted(list()) and len() of a set of strings are known', () => {
  assert.deepEqual(executed('s = set(["b", "a", "b"] + ["c"])\nop.execute(", ".join(sorted(s)))\nop.execute(", ".join(sorted(list(s))))\nop.execute("%d" % len(tuple(s)))'), ['a, b, c', 'a, b, c', '3']);
});

test('iterating a set, or joining it unsorted, is known only at run time', () => {
  const steps = executed('for x in set(["a", "b"]):\n    op.execute(x)\nop.execute(", ".join(list(set(["a", "b"]))))');
  assert.equal(steps.length, 2);
  assert.match(steps[0], /^OPAQUE: .*the order of a set is decided at run time/);
  assert.match(steps[1], /^OPAQUE: str\.join\(\) of values known only at run time/);
});

test('set() of anything but literal strings stays unknown', () => {
  // 1 and True are one member in Python (equal, same hash): not modelled.
  assert.match(executed('op.execute("%d" % len(set([1, True])))')[0], /^OPAQUE: len\(\) of a value known only at run time/);
});

test('sorted() orders strings by code point and refuses a mix of strings and numbers, as Python does', () => {
  assert.deepEqual(executed('op.execute("|".join(sorted(["\\U0001F600", "\\uFFFF", "a"])))'), ['a|\uFFFF|\u{1F600}']);
  assert.match(executed('op.execute("%s" % sorted(["a", 1]))')[0], /^OPAQUE: .*sorted\(\) of values other than literal strings or numbers of one kind/);
});

test('a set literal of strings: membership and sorted() are known, iteration is not', () => {
  const steps = executed('names = {"b", "a", "b"}\nif "a" in names and 1 not in names:\n    op.execute("SELECT 1")\nop.execute(",".join(sorted(names)))\nfor name in names:\n    op.execute(name)');
  assert.deepEqual(steps.slice(0, 2), ['SELECT 1', 'a,b']);
  assert.match(steps[2], /^OPAQUE: .*the order of a set is decided at run time/);
});
