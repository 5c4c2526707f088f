/**
 * The `e`, `E`, `g` and `G` presentation types of format specifications (`"{:.2e}".format(x)`,
 * `f"{ratio:.3g}"`), which were refused. Python rounds the double's exact value with ties to
 * even (`"{:.2e}".format(1.125)` is `1.12e+00`, where JavaScript's toExponential gives 1.13), prints
 * at least two exponent digits, and `g` switches to exponent form by the rounded exponent and
 * drops trailing zeros unless `#`. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = [
  "\"{:e}\".format(0.000123)",
  "\"{:e}\".format(12345.678)",
  "\"{:.2e}\".format(1.125)",
  "\"{:.2e}\".format(1.135)",
  "\"{:.0e}\".format(2.5)",
  "\"{:.0e}\".format(3.5)",
  "\"{:#.0e}\".format(3)",
  "\"{:E}\".format(1e100)",
  "\"{:e}\".format(0.0)",
  "\"{:e}\".format(-0.0)",
  "\"{:e}\".format(5)",
  "\"{:+.3e}\".format(-12.5)",
  "\"{:>14.2e}\".format(6.02e23)",
  "\"{:g}\".format(1e20)",
  "\"{:g}\".format(0.0001)",
  "\"{:g}\".format(0.00001)",
  "\"{:g}\".format(123456)",
  "\"{:g}\".format(1234567)",
  "\"{:.3g}\".format(1234.5)",
  "\"{:.3g}\".format(0.0012345)",
  "\"{:.2g}\".format(0.125)",
  "\"{:.2g}\".format(0.135)",
  "\"{:g}\".format(0.0)",
  "\"{:#g}\".format(0.0)",
  "\"{:#g}\".format(1.5)",
  "\"{:g}\".format(100.0)",
  "\"{:.0g}\".format(15)",
  "\"{:G}\".format(1e-10)",
  "\"{:g}\".format(5)",
  "\"{:08.3g}\".format(-3.14159)",
  "f\"{2/3:.4g}\"",
  "f\"{1e16:g}\"",
  "f\"{123.456:.5g}\"",
  "f\"{9.9999:.3g}\"",
  "f\"{99999.5:g}\"",
  "f\"{0.000099999:.2g}\"",
];

test('e and g format specifications print what Python prints', async () => {
  const dir = offlineProject('format-exponent-general-', {
    'migrations/versions/a1_formats.py': baseRevision({
      imports: ['from alembic import op'],
      upgrade: printedValueLines(EXPRESSIONS),
    }),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT '1\.12e\+00' AS v2;/, 'a tie goes to the even digit');
  assert.match(printed, /SELECT '1e\+20' AS v13;/);
});
