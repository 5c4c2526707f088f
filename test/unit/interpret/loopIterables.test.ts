/**
 * What a `for` loop iterates, as Python iterates it: a tuple written without parentheses
 * (`for table in "templates", "templates_history":`, GOV.UK Notify's 0298 — lezer gives its items
 * as siblings, and the engine read only the first) and the characters of a string. The real
 * Python prints the statements each loop runs; the engine must run the same ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

const LOOPS = [
  'for name in "templates", "templates_history":',
  'for name in "a", "b", "c",:',
  'for name in ("x", "y"):',
  'for name in "ab":',
  'for name in "only",:',
];

/** Loops whose target unpacks each item (nested tuples: cds-snc/notification-api's 0455). */
const UNPACKING = [
  'for i, (name, _) in enumerate([("a", 1), ("b", 2)]):',
  'for (i, name), _ in [((1, "p"), 0), ((2, "q"), 0)]:',
  'for i, [name, _] in zip([1, 2], [["x", 0], ["y", 0]]):',
  'for ((name)) in ["m", "n"]:',
];

function executed(loop: string): string[] {
  const source = `from alembic import op\n\n\ndef upgrade():\n    ${loop}\n        op.execute("DELETE FROM %s" % name)\n`;
  return interpretMigration('/virtual/m.py', source).upgrade!.steps.map((step) => {
    if (step.kind !== 'operation') return step.kind === 'opaque' ? `OPAQUE: ${step.reason}` : step.kind;
    const sql = step.operation.kind === 'execute' ? step.operation.sql : undefined;
    return sql?.kind === 'text' ? sql.sql : JSON.stringify(sql);
  });
}

test('each loop runs the statements Python runs', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  for (const loop of LOOPS) {
    const expected = execFileSync(PYTHON, ['-c', `${loop}\n    print("DELETE FROM %s" % name)\n`], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(executed(loop), expected, loop);
  }
});

test('loop targets unpack nested tuples as Python does', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  for (const loop of UNPACKING) {
    const expected = execFileSync(PYTHON, ['-c', `${loop}\n    print("DELETE FROM %s" % name)\n`], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(executed(loop), expected, loop);
  }
  // A length that does not match is Python's ValueError: not followed, never bound half-way.
  assert.match(executed('for i, (name, extra) in enumerate(["ab", ("c",)]):')[0], /^OPAQUE: /);
});
