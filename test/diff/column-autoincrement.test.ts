/**
 * Which key column SQLAlchemy makes the table's autoincrement column (SERIAL on PostgreSQL), as
 * `PrimaryKeyConstraint._autoincrement_column` decides: a NUMERIC of scale 0 that says
 * autoincrement=True counts, `autoincrement="ignore_fk"` counts despite a foreign key, a server
 * default that prints nothing (`sa.FetchedValue()`) and `autoincrement=None` keep the plain type.
 * autoincrement=True on a type that cannot count, or on two key columns, raises ArgumentError when
 * the DDL is compiled. Lens printed another type, or printed where Alembic fails (sweep FE).
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\n');

function revision(upgrade: string): Record<string, string> {
  const body = upgrade.trim().split('\n').map((line) => `    ${line}`).join('\n');
  return { 'migrations/versions/a1_keys.py': `${header}\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    pass\n` };
}

test('the autoincrement column: NUMERIC of scale 0, ignore_fk, a FetchedValue or Computed key, autoincrement=None', async () => {
  const dir = offlineProject('autoincrement-columns-', revision(`
op.create_table("t1", sa.Column("id", sa.Numeric(5, 0), primary_key=True, autoincrement=True))
op.create_table("t2", sa.Column("id", sa.DECIMAL(scale=0), primary_key=True, autoincrement=True))
op.create_table("t3", sa.Column("id", sa.Numeric(5, 0), primary_key=True))
op.create_table("t4", sa.Column("id", sa.Integer, sa.ForeignKey("o.id"), primary_key=True, autoincrement="ignore_fk"))
op.create_table("t5", sa.Column("id", sa.Integer, sa.FetchedValue(), primary_key=True))
op.create_table("t6", sa.Column("id", sa.Integer, server_default=sa.FetchedValue(), primary_key=True))
op.create_table("t7", sa.Column("id", sa.Integer, primary_key=True, autoincrement=None))
op.create_table("t8", sa.Column("id", sa.Integer, primary_key=True, autoincrement="auto"))
op.create_table("t9", sa.Column("a", sa.Integer, primary_key=True), sa.Column("b", sa.Integer, primary_key=True, autoincrement=True))
op.add_column("t", sa.Column("n", sa.Numeric(5, 0), primary_key=True, autoincrement=True))
op.add_column("t", sa.Column("k", sa.Integer, sa.ForeignKey("o.id"), primary_key=True, autoincrement="ignore_fk"))
op.add_column("t", sa.Column("f", sa.Integer, server_default=sa.FetchedValue(), primary_key=True))
keyed = sa.Table("k", sa.MetaData(), sa.Column("id", sa.Integer, sa.FetchedValue(), primary_key=True), sa.Column("n", sa.String))
op.execute(keyed.insert().values(n="a"))
generated = sa.Table("g", sa.MetaData(), sa.Column("id", sa.Integer, sa.Computed("n"), primary_key=True), sa.Column("n", sa.String))
op.execute(generated.insert().values(n="a"))
`));
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CREATE TABLE t1 \(\n {4}id SERIAL NOT NULL, /);
  assert.match(sql, /ADD COLUMN f INTEGER NOT NULL;/);
});

for (const table of [
  'sa.Column("id", sa.String(5), primary_key=True, autoincrement=True)',
  'sa.Column("id", sa.Numeric(5, 2), primary_key=True, autoincrement=True)',
  'sa.Column("id", sa.Numeric(5), primary_key=True, autoincrement=True)',
  'sa.Column("id", sa.Float, primary_key=True, autoincrement=True)',
  'sa.Column("id", sa.String(3), autoincrement=True), sa.PrimaryKeyConstraint("id")',
  'sa.Column("a", sa.String(5), primary_key=True, autoincrement=True), sa.Column("b", sa.Integer, primary_key=True)',
  'sa.Column("a", sa.Integer, primary_key=True, autoincrement=True), sa.Column("b", sa.Integer, primary_key=True, autoincrement=True)',
]) {
  test(`create_table("t", ${table}): SQLAlchemy raises, Lens refuses`, async () => {
    const dir = offlineProject('autoincrement-raises-', revision(`op.create_table("t", ${table})`));
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0, alembic.stdout);
    assert.match(alembic.stderr, /ArgumentError: (Column type .* is not compatible with autoincrement=True|Only one Column may be marked autoincrement=True)/);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, /autoincrement=True/);
  });
}

test('add_column of a key that says autoincrement=True on a string: SQLAlchemy raises, Lens refuses', async () => {
  const dir = offlineProject('autoincrement-add-raises-', revision('op.add_column("t", sa.Column("c", sa.String(5), primary_key=True, autoincrement=True))'));
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(alembic.stderr, /is not compatible with autoincrement=True/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1, lens.stderr);
  assert.match(lens.stderr, /is not compatible with autoincrement=True/);
});
