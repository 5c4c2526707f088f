/**
 * Keywords an operation or construct passes on to SQLAlchemy's `**dialect_kw` must be named
 * `<dialectname>_<argument>`: `op.create_index(..., bogus=1)`, `sa.UniqueConstraint("x", x_=1)` and
 * the like raise TypeError ("Additional arguments should be named <dialectname>_<argument>") in
 * Alembic, and so does a keyword of a dialect SQLAlchemy bundles that the dialect does not take
 * (`mysql_bogus=1`: ArgumentError) whatever database the run is for; Lens printed the index or
 * constraint without them. The constructs' own keywords (deferrable=, quote=, use_alter=, info=)
 * and each dialect's own stay accepted. Compared with the real Alembic 1.20 (SQLAlchemy 2.1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const TABLE = 'op.create_table("t", sa.Column("x", sa.Integer), sa.Column("y", sa.Integer)';

function project(statement: string): string {
  return offlineProject('dialect-keyword-names-', { 'migrations/versions/a1_kw.py': baseRevision({ upgrade: [statement] }) });
}

for (const [statement, key] of [
  ['op.create_index("ix", "t", ["x"], bogus=1)', 'bogus'],
  ['op.create_index("ix", "t", ["x"], _x=1)', '_x'],
  ['op.create_index("ix", "t", ["x"], x_=1)', 'x_'],
  ['op.drop_index("ix", bogus=1)', 'bogus'],
  ['op.create_unique_constraint("uq", "t", ["x"], bogus=1)', 'bogus'],
  ['op.create_check_constraint("ck", "t", "x > 0", bogus=1)', 'bogus'],
  ['op.create_foreign_key("fk", "t", "u", ["x"], ["id"], bogus=1)', 'bogus'],
  [`${TABLE}, sa.Index("ix", "x", bogus=1))`, 'bogus'],
  [`${TABLE}, sa.UniqueConstraint("x", bogus=1))`, 'bogus'],
  [`${TABLE}, sa.PrimaryKeyConstraint("x", bogus=1))`, 'bogus'],
  [`${TABLE}, sa.CheckConstraint("x > 0", bogus=1))`, 'bogus'],
  [`${TABLE}, sa.ForeignKeyConstraint(["x"], ["u.id"], bogus=1))`, 'bogus'],
] as const) {
  test(`${statement}: TypeError in both tools`, async () => {
    await assertBothFail(statement, `TypeError: Additional arguments should be named <dialectname>_<argument>, got '${key}'`);
  });
}

// Every dialect SQLAlchemy bundles validates its own keywords, whatever database the run is for.
for (const [statement, key, dialect, construct] of [
  ['op.create_index("ix", "t", ["x"], mysql_bogus=1)', 'mysql_bogus', 'mysql', 'Index'],
  ['op.create_index("ix", "t", ["x"], mariadb_bogus=1)', 'mariadb_bogus', 'mariadb', 'Index'],
  [`${TABLE}, sqlite_bogus=1)`, 'sqlite_bogus', 'sqlite', 'Table'],
  [`${TABLE}, mssql_clustered=True)`, 'mssql_clustered', 'mssql', 'Table'],
  [`${TABLE}, sa.UniqueConstraint("x", mysql_using="btree"))`, 'mysql_using', 'mysql', 'UniqueConstraint'],
  ['op.create_check_constraint("ck", "t", "x > 0", oracle_bogus=1)', 'oracle_bogus', 'oracle', 'CheckConstraint'],
  ['op.create_foreign_key("fk", "t", "u", ["x"], ["id"], mssql_clustered=True)', 'mssql_clustered', 'mssql', 'ForeignKeyConstraint'],
  ['op.add_column("t", sa.Column("z", sa.Integer, mysql_bogus=1))', 'mysql_bogus', 'mysql', 'Column'],
  ['op.add_column("t", sa.Column("z", sa.Integer, postgresql_bogus=1))', 'postgresql_bogus', 'postgresql', 'Column'],
] as const) {
  test(`${statement}: ArgumentError in both tools`, async () => {
    await assertBothFail(statement, `ArgumentError: Argument '${key}' is not accepted by dialect '${dialect}' on behalf of <class 'sqlalchemy.sql.schema.${construct}'>`);
  });
}

/** Alembic fails `upgrade head --sql` with `message`; Lens refuses it with the same message, --allow-opaque or not. */
async function assertBothFail(statement: string, message: string): Promise<void> {
  const dir = project(statement);
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.ok(alembic.stderr.includes(message), alembic.stderr);
  for (const args of [['upgrade', 'head', '--sql'], ['upgrade', 'head', '--sql', '--allow-opaque']]) {
    const lens = await runLens(dir, args);
    assert.equal(lens.code, 1, lens.stdout);
    assert.equal(lens.stdout, '');
    assert.ok(lens.stderr.includes(message), lens.stderr);
  }
}

test("the constructs' own keywords, and a dialect's name Alembic does not know, print as Alembic prints them", async () => {
  const dir = project(
    [
      `${TABLE}, sa.Index("ix_t_y", "y", unique=True, info={"a": 1}), sa.UniqueConstraint("x", name="uq_t_x", deferrable=True, initially="DEFERRED", info={}), sa.CheckConstraint("x > 0", name="ck_t", deferrable=True))`,
      '    op.create_index("ix_t_x", "t", ["x"], quote=True, info={"b": 2}, somedialect_arg=1)',
      '    op.create_unique_constraint("uq_t_y", "t", ["y"], deferrable=True, initially="IMMEDIATE")',
      '    op.create_check_constraint("ck_t_y", "t", "y > 0", deferrable=True, initially="DEFERRED")',
      '    op.create_foreign_key("fk_t_x", "t", "t", ["y"], ["x"], use_alter=True, link_to_name=False, info={})',
      '    op.drop_index("ix_t_x", table_name="t", quote=True)',
      '    op.add_column("t", sa.Column("z", sa.Integer, mssql_identity_start=1, sqlite_on_conflict_unique="ROLLBACK"))',
      '    op.create_index("ix_t_y2", "t", ["y"], postgresql_invalid=True, mysql_length=10, mssql_clustered=False, oracle_bitmap=False, sqlite_where=None)',
      '    op.create_table("u", sa.Column("x", sa.Integer), sa.UniqueConstraint("x", sqlite_on_conflict="ROLLBACK", mssql_clustered=True), sa.PrimaryKeyConstraint("x", mysql_using="btree"), mysql_engine="InnoDB", mariadb_charset="utf8", oracle_compress=True)',
    ].join('\n'),
  );
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
