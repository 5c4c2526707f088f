/**
 * `sa.func.pow()` and its numeric kin (`power`, `mod`, `round` with two arguments) inside
 * `update().values()`, `where()` and a select's columns (and `pow()` in a server default and an
 * index expression), compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`. SQLAlchemy 2.1 registers `pow` as a generic function of its first
 * argument's type, which PostgreSQL's compiler prints `power(...)` (labelled `pow_1`) but with its
 * arguments compiled without `literal_binds`: a Python value among them prints as a placeholder
 * (`power(events.id, %(pow_1)s::INTEGER)`). Lens refused every `func.pow()`; it now prints those
 * whose arguments hold no bind and still refuses the others rather than print a literal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, requireAlembic, runAlembic } from './sql-parity-helpers';
import { assertLensRefuses, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const POWERS = `    op.execute(t.update().values(id=sa.func.pow(t.c.id, t.c.big), amount=sa.func.pow(t.c.amount, sa.literal_column("2")) + 1))
    op.execute(t.update().values(ratio=sa.func.pow(t.c.ratio, op.inline_literal(2)) / t.c.id, name=sa.func.pow(t.c.name, t.c.id) + "x"))
    op.execute(t.update().values(id=sa.func.pow(t.c.id, t.c.id) / t.c.big, big=sa.func.pow(t.c.id, t.c.id) // t.c.big, loose=sa.func.POW(t.c.loose, sa.null())))
    op.execute(t.delete().where(sa.func.pow(t.c.id, op.inline_literal(2)) > 4).where(sa.func.pow(t.c.id, sa.func.abs(t.c.big)) == t.c.loose))
    op.execute(sa.select(sa.func.pow(t.c.id, t.c.big), sa.func.pow(t.c.big, t.c.id).label("p"), sa.func.pow(t.c.id, sa.null()), sa.func.pow(t.c.id, sa.text("2")), sa.func.pow(t.c.id, sa.select(other.c.id).scalar_subquery())))
    op.execute(sa.insert(t).from_select(["id", "big"], sa.select(sa.func.pow(t.c.id, t.c.big), sa.func.power(t.c.id, 2))))
    op.execute(t.update().values(amount=sa.func.power(t.c.amount, 2), id=sa.func.mod(t.c.id, 3), ratio=sa.func.round(t.c.ratio, 2)))
    op.execute(t.delete().where(sa.func.power(t.c.id, 0.5) < 3).where(sa.func.mod(t.c.id, 2) == 1).where(sa.func.round(t.c.amount, 1) == 2.5))
    op.execute(sa.select(sa.func.power(t.c.id, 2), sa.func.mod(t.c.id, 2), sa.func.round(t.c.amount, 2), sa.func.round(t.c.ratio, 3)))
    op.create_table("powers", sa.Column("x", sa.Integer, server_default=sa.func.pow(sa.text("2"), sa.text("3"))), sa.Column("y", sa.Integer))
    op.create_index("ix_powers", "powers", [sa.func.pow(sa.column("x"), sa.column("y"))])`;

test('func.pow() without binds among its arguments, power(), mod() and round() of two arguments', async () => {
  const sql = await assertSameAsAlembic(dataMigrationProject('sql-power-', POWERS), ['upgrade', 'head', '--sql']);
  assert.match(sql, /power\(events\.id, events\.big\) AS pow_1/);
});

test('func.pow() and its kin under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-power-named-', POWERS, true), ['upgrade', 'head', '--sql']);
});

for (const body of [
  '    op.execute(t.update().values(id=sa.func.pow(t.c.id, 2)))',
  '    op.execute(t.delete().where(sa.func.pow(t.c.ratio, 0.5) > 1))',
  '    op.execute(sa.select(sa.func.pow(t.c.id, t.c.big + 1)))',
  '    op.execute(t.update().values(id=sa.func.pow(sa.literal(2), t.c.id)))',
]) {
  test(`a bind inside func.pow(), printed by Alembic as a placeholder, is refused: ${body.trim()}`, async () => {
    const alembic = runAlembic(dataMigrationProject('sql-power-bind-alembic-', body), ['upgrade', 'head', '--sql']);
    assert.match(alembic.stdout, /power\(.*%\(\w+\)s/);
    await assertLensRefuses('sql-power-bind-', body, /func\.pow\(\) of a Python value or other bind parameter/);
  });
}
