/**
 * Float literals with nothing after their point (`5.`, `1_0.`) or with the exponent or `j` right
 * after it (`1.e5`, `2.j`): valid Python that lezer's grammar (1.1.19) does not read as one number.
 * `5.` made the whole file a python-syntax-error (nothing printed, `check` failing a valid file)
 * and `1.e5` was read as an attribute of 1. Compared with the real Alembic 1.20; and the file has
 * no syntax problem in `check`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runLens } from './sql-parity-helpers';
import { printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = ['5.', '5. + 1', '[5.]', '1.e5', '1.E-3', '1_0.', '0.', '(5.,)', '5.e+2', '10.*2', '3.//2', '[1.,2.]', 'max(1., 2)', '-5.', 'round(2.)'];

test('floats written with a trailing point print what Python gives', async () => {
  const dir = offlineProject('trailing-point-floats-', {
    'migrations/versions/a1_floats.py': baseRevision({
      imports: ['from alembic import op', 'import sqlalchemy as sa'],
      upgrade: [
        ...printedValueLines(EXPRESSIONS),
        'rates = sa.table("rates", sa.column("ratio", sa.Float))',
        'op.bulk_insert(rates, [{"ratio": 2.}, {"ratio": 1.e3}])',
      ],
    }),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT 5\.0 AS v0;/);
  assert.match(printed, /SELECT 100000\.0 AS v3;/);
  assert.match(printed, /INSERT INTO rates \(ratio\) VALUES \(2\.0\);/);
  const check = await runLens(dir, ['check']);
  assert.doesNotMatch(check.stdout + check.stderr, /python-syntax-error|opaque-step/);
});
