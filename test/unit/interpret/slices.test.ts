/**
 * Slices (`schema[:-1]`, `name[::-1]`) of strings, lists and tuples, as Python takes them: the
 * positions are compared with CPython's own for every combination of bounds and steps around a
 * sequence's ends, and a migration's slices print what Python would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { slicePositions } from '../../../server/src/engine/interpret/evaluate';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

test('slice positions equal CPython for bounds and steps around both ends', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  const bounds = [undefined, -12, -7, -3, -1, 0, 1, 2, 5, 7, 12];
  const cases: [number, number | undefined, number | undefined, number | undefined][] = [];
  for (const length of [0, 1, 5, 7]) for (const start of bounds) for (const stop of bounds) for (const step of [undefined, 1, 2, -1, -2, 3, -3]) cases.push([length, start, stop, step]);
  const script = 'import json, sys\nprint(json.dumps([list(range(n))[slice(a, b, c)] for n, a, b, c in json.load(sys.stdin)]))';
  const expected = JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(cases.map((item) => item.map((value) => value ?? null))), encoding: 'utf8' })) as number[][];
  const wrong = cases.filter(([length, start, stop, step], at) => JSON.stringify(slicePositions(length, start, stop, step ?? 1)) !== JSON.stringify(expected[at]));
  assert.deepEqual(wrong, []);
  assert.equal(slicePositions(3, undefined, undefined, 0), undefined, 'a zero step raises ValueError');
});

test('a migration slicing a string and a tuple prints the sliced values', () => {
  const source = `"""m\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\nSCHEMA = "dev."\nNAMES = ("a", "b", "c")\n\n\ndef upgrade():\n    op.execute(f"SELECT '{SCHEMA[:-1]}', '{SCHEMA[::-1]}', '{'-'.join(NAMES[1:])}', '{'ünï'[1:]}'")\n\n\ndef downgrade():\n    op.execute("SELECT 1"[0:0] + "SELECT 2")\n`;
  const result = interpretMigration('/m.py', source);
  const sqlOf = (steps: { kind: string; operation?: { kind: string; sql?: { sql?: string } } }[] | undefined) => (steps ?? []).map((step) => step.operation?.sql?.sql);
  assert.deepEqual(sqlOf(result.upgrade?.steps as never), ["SELECT 'dev', '.ved', 'b-c', 'nï'"]);
  assert.deepEqual(sqlOf(result.downgrade?.steps as never), ['SELECT 2']);
});
