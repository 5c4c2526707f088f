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
