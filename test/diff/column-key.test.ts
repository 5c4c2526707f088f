/**
 * A Column's `key=`: SQLAlchemy files the column under its key in `table.c`, so bulk_insert rows,
 * `values()` and `t.c.<key>` name it by the key, while the SQL prints its name. Lens took the key
 * of a bulk_insert row for an undeclared column ("KeyError: 'kk'") where Alembic prints the
 * INSERT. The column's name, where it is not its key, names nothing: both tools fail. `sa.column()`
 * and a Column with `key=None` have their name as key. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const migration = (statements: string[]): string => `${migrationHeader('a1', undefined)}
nt = sa.Table(
    "nt",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("k", sa.String, key="kk"),
    sa.Column("j", sa.Integer, key=None),
    sa.Column("same", sa.Integer, key="same"),
)
st = sa.table("st", sa.column("id", sa.Integer), sa.column("k", sa.String))


def upgrade():
${statements.map((statement) => `    ${statement}`).join('\n')}


def downgrade():
    pass
`;

test('rows, values() and table.c name a column by its key; the SQL prints its name', async () => {
  const dir = offlineProject('column-key-', {
    'migrations/versions/a1_keys.py': migration([
      'op.bulk_insert(nt, [{"id": 1, "kk": "v"}])',
      'op.bulk_insert(nt, [{"id": 2, "kk": "w", "j": 2, "same": 3}, {"id": 3}], multiinsert=False)',
      'op.bulk_insert(st, [{"id": 1, "k": "v"}])',
      'op.execute(nt.update().where(nt.c.kk == "a").values(kk="b"))',
      'op.execute(nt.insert().values({"kk": "c", "id": 5}))',
      'op.execute(nt.insert().values({nt.c.kk: "c"}))',
      'op.execute(nt.update().values(kk=nt.c.kk + "x"))',
    ]),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /INSERT INTO nt \(id, k\) VALUES \(1, 'v'\);/);
});

for (const [name, statement, alembicSays, lensSays] of [
  ['a bulk_insert row naming the column by its name', 'op.bulk_insert(nt, [{"id": 1, "k": "v"}])', /KeyError: 'k'/, /KeyError: 'k'.*files its column 'k' under its key 'kk'/],
  ['the same with multiinsert=False', 'op.bulk_insert(nt, [{"id": 1, "k": "v"}], multiinsert=False)', /KeyError: 'k'/, /Unconsumed column names: k/],
  ['values() naming the column by its name', 'op.execute(nt.update().values(k="v"))', /Unconsumed column names: k/, /Unconsumed column names: k/],
  ['table.c of the name', 'op.execute(nt.update().where(nt.c.k == "a").values(kk="b"))', /AttributeError: k/, /table\.c has no attribute 'k'/],
] as const) {
  test(`${name} fails both tools`, async () => {
    const dir = offlineProject('column-key-fail-', { 'migrations/versions/a1_keys.py': migration([statement]) });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, alembicSays);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, lensSays);
  });
}

/**
 * A Table finds a constraint's or index's string columns by their keys: `UniqueConstraint("k")`
 * is the column named "x" with key="k" (printed as x), and `UniqueConstraint("x")` names nothing,
 * so SQLAlchemy raises ConstraintColumnNotFoundError. Lens printed UNIQUE (x) for the latter.
 */
const keyedTable = (items: string): string => `${migrationHeader('a1', undefined)}
def upgrade():
    op.create_table("t", sa.Column("x", sa.Integer, key="k"), sa.Column("y", sa.Integer), ${items})


def downgrade():
    pass
`;

test('create_table: constraints and indexes name a keyed column by its key, and print its name', async () => {
  const dir = offlineProject('column-key-constraints-', {
    'migrations/versions/a1_keys.py': keyedTable('sa.UniqueConstraint("k"), sa.PrimaryKeyConstraint("k", "y"), sa.Index("ix_t_k", "k", "y"), sa.ForeignKeyConstraint(["k"], ["t.y"])'),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /UNIQUE \(x\)/);
  assert.match(sql, /CREATE INDEX ix_t_k ON t \(x, y\)/);
});

for (const [kind, item] of [
  ['UniqueConstraint', 'sa.UniqueConstraint("x")'],
  ['PrimaryKeyConstraint', 'sa.PrimaryKeyConstraint("x")'],
  ['ForeignKeyConstraint', 'sa.ForeignKeyConstraint(["x"], ["t.y"])'],
  ['Index', 'sa.Index("ix_t_x", "x")'],
] as const) {
  test(`create_table: ${kind} of a keyed column's name fails both tools`, async () => {
    const dir = offlineProject('column-key-constraint-fail-', { 'migrations/versions/a1_keys.py': keyedTable(item) });
    const message = `Can't create ${kind} on table 't': no column named 'x' is present.`;
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.ok(alembic.stderr.includes(`ConstraintColumnNotFoundError: ${message}`), alembic.stderr);
    for (const args of [['upgrade', 'head', '--sql'], ['upgrade', 'head', '--sql', '--allow-opaque']]) {
      const lens = await runLens(dir, args);
      assert.equal(lens.code, 1, lens.stdout);
      assert.equal(lens.stdout, '');
      assert.ok(lens.stderr.includes(`a1_keys.py:14: upgrade() of a1: invalid arguments to op.create_table: ${message}`), lens.stderr);
    }
  });
}

/**
 * SQLAlchemy's Table files columns by key: a second column of the same key, whatever its name,
 * is DuplicateColumnError (Lens compared names only and printed the table); one whose name is
 * another's key or name conflicts on the name. Two keys that differ are two columns.
 */
for (const [columns, conflict] of [
  ['sa.Column("x", sa.Integer, key="k"), sa.Column("y", sa.Integer, key="k")', "key 'k'"],
  ['sa.Column("x", sa.Integer, key="k"), sa.Column("k", sa.Integer)', "name 'k'"],
  ['sa.Column("k", sa.Integer), sa.Column("x", sa.Integer, key="k")', "key 'k'"],
  ['sa.Column("x", sa.Integer), sa.Column("x", sa.Text, key="k")', "name 'x'"],
] as const) {
  test(`create_table(${columns}): DuplicateColumnError in both tools`, async () => {
    const dir = offlineProject('column-key-duplicate-', { 'migrations/versions/a1_keys.py': `${migrationHeader('a1', undefined)}\ndef upgrade():\n    op.create_table("t", ${columns})\n` });
    const message = `A column with ${conflict} is already present in table 't'.`;
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.ok(alembic.stderr.includes(`DuplicateColumnError: ${message}`), alembic.stderr);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql', '--allow-opaque']);
    assert.equal(lens.code, 1, lens.stdout);
    assert.equal(lens.stdout, '');
    assert.ok(lens.stderr.includes(`a column with ${conflict} is already present in table 't'`), lens.stderr);
  });
}

test('create_table: columns whose key is another name print as Alembic prints them', async () => {
  const dir = offlineProject('column-key-distinct-', { 'migrations/versions/a1_keys.py': `${migrationHeader('a1', undefined)}\ndef upgrade():\n    op.create_table("t", sa.Column("x", sa.Integer, key="y"), sa.Column("y", sa.Integer, key="z"))\n` });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
