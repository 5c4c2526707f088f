/**
 * Python reads `a < b <= c` as `a < b and b <= c` (b evaluated once), but lezer nests the chain to
 * the left as if it were `(a < b) <= c`. Read that way, `5 < n < 10` with n = 20 was `True < 10`:
 * true, the wrong branch (RedHatInsights/insights-host-inventory's helpers check
 * `if not 1 <= num_partitions <= 32`, which left 69 statements opaque). Each condition below is
 * decided by the engine and, as the oracle, by the Python that runs Alembic here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

const CONDITIONS = [
  '1 <= n <= 32',
  'not 1 <= n <= 32',
  '5 < n < 10',
  '0 < n < 10 < 100',
  'n == m == 20',
  'n == m != 20',
  '"a" in s not in t',
  'n is not None is not m',
  '1 < 2 > 0',
  '3 > n >= 1 + 1',
  '(1 < n) == True',
  'n < m < 10 or n == 20',
];

const BINDINGS = { n: '20', m: '20', s: '"abc"', t: '"xyz"' };

function branchTaken(condition: string): string {
  const bindings = Object.entries(BINDINGS).map(([name, value]) => `${name} = ${value}`).join('\n');
  const source = `from alembic import op\n\n${bindings}\n\n\ndef upgrade():\n    if ${condition}:\n        op.execute("SELECT 'yes'")\n    else:\n        op.execute("SELECT 'no'")\n`;
  const steps = interpretMigration('/virtual/m.py', source).upgrade!.steps;
  assert.equal(steps.length, 1, `${condition}: ${JSON.stringify(steps)}`);
  const step: Step = steps[0];
  if (step.kind === 'opaque') return `opaque: ${step.reason}`;
  assert.equal(step.kind, 'operation');
  const operation = step.kind === 'operation' ? step.operation : undefined;
  assert.ok(operation?.kind === 'execute' && operation.sql.kind === 'text', JSON.stringify(operation));
  return operation.sql.kind === 'text' && operation.sql.sql === "SELECT 'yes'" ? 'True' : 'False';
}

test('a chain of comparisons is decided as Python decides it', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  const bindings = Object.entries(BINDINGS).map(([name, value]) => `${name} = ${value}`).join('; ');
  const program = `${bindings}\n${CONDITIONS.map((condition) => `print(bool(${condition}))`).join('\n')}\n`;
  const expected = execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(CONDITIONS.map(branchTaken), expected, CONDITIONS.join(' | '));
});

test('each operand of a chain is evaluated once, and a false link stops the chain', () => {
  // `n < m < x`: n < m is false, so Python never looks at x (undefined here); the engine must not either.
  assert.equal(branchTaken('m < 3 < undefined_name'), 'False');
  assert.match(branchTaken('n < 30 < undefined_name'), /^opaque: /);
});
