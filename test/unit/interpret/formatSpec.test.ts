/**
 * Python's format specifications (engine/interpret/formatSpec.ts) against CPython itself: every
 * answer the engine gives equals `format(value, spec)`, and the common specifications of SQL
 * built in migrations (`{month:02d}`, `{name:>10}`, `{n:,}`, `{ratio:.2f}`) are answered, not refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatWithSpec } from '../../../server/src/engine/interpret/formatSpec';
import type { Value } from '../../../server/src/engine/interpret/values';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

const VALUES: [string, Value][] = [
  ['0', { kind: 'num', value: 0 }],
  ['7', { kind: 'num', value: 7 }],
  ['-42', { kind: 'num', value: -42 }],
  ['1234567', { kind: 'num', value: 1234567 }],
  ['65', { kind: 'num', value: 65 }],
  ['2.25', { kind: 'num', value: 2.25, float: true }],
  ['-0.5', { kind: 'num', value: -0.5, float: true }],
  ['1234.5', { kind: 'num', value: 1234.5, float: true }],
  ['0.125', { kind: 'num', value: 0.125, float: true }],
  ['-0.0', { kind: 'num', value: -0, float: true }],
  ['True', { kind: 'bool', value: true }],
  ["'ab'", { kind: 'str', value: 'ab' }],
  ["'événement'", { kind: 'str', value: 'événement' }],
  ["''", { kind: 'str', value: '' }],
];

const SPECS = ['', '02d', '03', '>5', '<5', '^6', '*^7', '=+8', '+', ' ', '-', ',', '_', '010,', '#x', '#X', 'x', 'o', '#o', 'b', '#b', '_b', 'c', '.2f', '.0f', '.1f', 'f', '%', '.1%', ',.2f', '08.3f', '+.2f', '>10', '.3', '5.1', 's', '>10s', 'd', '.2', '0>4', '<06', 'e', 'g', 'n', '', '_x', ',x'];

// Specs every migration-style value of its kind must be answered for (the rest may be refused).
const MUST: Record<string, string[]> = {
  int: ['02d', '03', '>5', '<5', '^6', ',', '_', 'x', '#x', 'o', 'b', '.2f', '%', 'd', '+', '0>4'],
  float: ['.2f', '.0f', '.1f', 'f', '%', ',.2f', '>10', '08.3f'],
  str: ['>5', '<5', '^6', '>10s', '.2', 's', '*^7'],
};

test('format(value, spec) is what CPython prints, for every answer the engine gives', () => {
  const pairs = VALUES.flatMap(([python, value]) => SPECS.map((spec) => ({ python, value, spec })));
  const script = `import json\nout = []\nfor v, s in json.loads(input()):\n    try:\n        out.append(format(eval(v), s))\n    except Exception as e:\n        out.append(None)\nprint(json.dumps(out))`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(pairs.map(({ python, spec }) => [python, spec])) + '\n', encoding: 'utf8' });
  assert.equal(run.status, 0, `${PYTHON} failed (set ALEMBIC_PYTHON): ${run.stderr}`);
  const expected = JSON.parse(run.stdout) as (string | null)[];
  let answered = 0;
  pairs.forEach(({ python, value, spec }, at) => {
    const actual = formatWithSpec(value, spec);
    if (actual === undefined) {
      const kind = value.kind === 'str' ? 'str' : value.kind === 'num' && value.float ? 'float' : value.kind === 'num' ? 'int' : 'other';
      assert.ok(!(MUST[kind] ?? []).includes(spec) || expected[at] === null, `format(${python}, ${JSON.stringify(spec)}) is refused; Python prints ${JSON.stringify(expected[at])}`);
      return;
    }
    answered++;
    assert.equal(actual, expected[at], `format(${python}, ${JSON.stringify(spec)})`);
  });
  assert.ok(answered > pairs.length / 2, `${answered} of ${pairs.length} answered`);
});
