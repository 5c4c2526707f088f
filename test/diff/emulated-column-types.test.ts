/**
 * SQLAlchemy's generic types that PostgreSQL could hold natively but are told not to:
 * `sa.Interval(native=False)` is stored as a DateTime counted from the epoch (TIMESTAMP WITHOUT
 * TIME ZONE), `sa.Uuid(native_uuid=False)` as 32 hex digits (CHAR(32)). Lens printed INTERVAL
 * and UUID (sweep FE). A literal of either is printed only where SQLAlchemy prints it the same
 * way whatever the Python value is (the hyphen-less digits of an as_uuid=False Uuid); otherwise
 * Lens refuses. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\nimport datetime\n');

function revision(upgrade: string): Record<string, string> {
  const body = upgrade.trim().split('\n').map((line) => `    ${line}`).join('\n');
  return { 'migrations/versions/a1_types.py': `${header}\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    pass\n` };
}

test('Interval(native=False) is a TIMESTAMP, Uuid(native_uuid=False) a CHAR(32)', async () => {
  const dir = offlineProject('emulated-types-', revision(`
op.create_table(
    "t",
    sa.Column("a", sa.Interval(native=False), nullable=False),
    sa.Column("b", sa.Interval(False, second_precision=3)),
    sa.Column("c", sa.Interval(native=None)),
    sa.Column("d", sa.Interval(native=True, second_precision=2)),
    sa.Column("e", sa.Uuid(native_uuid=False)),
    sa.Column("f", sa.Uuid(True, False)),
    sa.Column("g", sa.Uuid(as_uuid=False, native_uuid=0)),
    sa.Column("h", sa.Uuid(native_uuid=True)),
)
op.add_column("t", sa.Column("i", sa.Interval(native=False)))
op.alter_column("t", "e", type_=sa.Uuid(native_uuid=False), existing_type=sa.String())
op.bulk_insert(sa.table("t", sa.column("g", sa.Uuid(as_uuid=False, native_uuid=False))), [{"g": "12345678-1234-5678-1234-567812345678"}])
`));
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /a TIMESTAMP WITHOUT TIME ZONE NOT NULL, /);
  assert.match(sql, /e CHAR\(32\), /);
});

for (const insert of [
  'op.bulk_insert(sa.table("t", sa.column("d", sa.Interval(native=False))), [{"d": datetime.timedelta(days=1)}])',
  'op.bulk_insert(sa.table("t", sa.column("d", sa.Uuid(native_uuid=False))), [{"d": "12345678-1234-5678-1234-567812345678"}])',
]) {
  test(`${insert}: SQLAlchemy fails to print the literal, Lens refuses`, async () => {
    const dir = offlineProject('emulated-literals-', revision(insert));
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0, alembic.stdout);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
  });
}
