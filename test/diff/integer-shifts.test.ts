/**
 * Python's shift operators on ints (`<<`, `>>`), as a helper computing a column length uses them
 * (thunderbird/appointment's `int((cipher_length + 2) / 3) << 2`, the base64 length of an
 * encrypted value). The lengths printed are Alembic's; a shift Python refuses (a negative count,
 * a float) or one whose result the engine cannot hold exactly stays opaque. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(upgrade: string[]): string {
  return baseRevision({
    helpers: ['', 'def encoded_length(length):', '    padded = length + 16 - (length % 16)', '    return int((padded + 2) / 3) << 2'],
    upgrade,
  });
}

test('a column length computed with << and >> prints as Alembic prints it', async () => {
  const dir = offlineProject('integer-shifts-', {
    'migrations/versions/a1_shifts.py': migration([
      'op.create_table(',
      '    "tokens",',
      '    sa.Column("id", sa.Integer, primary_key=True),',
      '    sa.Column("token", sa.String(length=encoded_length(2048))),',
      '    sa.Column("half", sa.String(length=1000 >> 1)),',
      '    sa.Column("small", sa.String(length=-7 >> 1 + 5)),',
      ')',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /token VARCHAR\(2752\)/);
  assert.match(printed, /half VARCHAR\(500\)/);
});

test('a shift Python refuses, or too large to hold exactly, stays opaque', async () => {
  for (const [label, expression] of [
    ['negative count', '1 << -1'],
    ['float operand', '2.0 << 1'],
    ['beyond 2**53', '(3 << 60) + 1'],
  ] as const) {
    const dir = offlineProject('integer-shifts-refused-', {
      'migrations/versions/a1_shifts.py': migration([`op.execute(sa.text("SELECT " + str(${expression})))`]),
    });
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, label);
    assert.doesNotMatch(lens.stdout, /SELECT -?\d/, label);
    if (label === 'beyond 2**53') {
      // Alembic prints the exact value, which the engine would round: it must not print it.
      assert.match(runAlembic(dir, ['upgrade', 'head', '--sql']).stdout, /SELECT 3458764513820540929;/);
    }
  }
});
