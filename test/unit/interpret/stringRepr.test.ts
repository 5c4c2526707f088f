/**
 * repr() of strings (engine/interpret/values.ts stringRepr) against CPython: quotes, backslashes,
 * line ends, control characters, non-breaking spaces, and characters beyond the BMP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { stringRepr } from '../../../server/src/engine/interpret/values';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

const TEXTS = ['plain', "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'tab\there', 'a\nb\r\nc', '\x00\x07\x1b\x7f', 'nbsp\u00a0here', 'é ü ß', 'zero\u200bwidth', 'line\u2028sep', '\ud83d\ude00 emoji', '\u0085next', '', "'", '"', '\\'];

test('repr() of a str is what CPython prints', () => {
  const run = spawnSync(PYTHON, ['-c', 'import json,sys\nprint(json.dumps([repr(t) for t in json.loads(sys.stdin.read())]))'], { input: JSON.stringify(TEXTS), encoding: 'utf8' });
  assert.equal(run.status, 0, `${PYTHON} failed (set ALEMBIC_PYTHON): ${run.stderr}`);
  assert.deepEqual(TEXTS.map(stringRepr), JSON.parse(run.stdout));
});
