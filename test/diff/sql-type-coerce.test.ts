/**
 * `sa.type_coerce(expr, type)` in data migrations, compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`: the expression prints unchanged (no CAST) and groups as it does,
 * while the type decides the operators around it (`+` as `||`, the divisor's cast in `/`, `//` as
 * `/` or `FLOOR()`) and the binds of values compared with it; a Python value given to it is a bind
 * of the type (`type_coerce("5", sa.Integer)` prints 5). Lens refused every type_coerce(), and
 * then every one among a select's columns.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const COERCED = `    from sqlalchemy.sql.expression import type_coerce
    op.execute(t.update().values(name=sa.type_coerce(t.c.loose, sa.String) + "x", id=sa.type_coerce(t.c.name, sa.Integer) + 1))
    op.execute(t.delete().where(sa.type_coerce("5", sa.Integer) == t.c.id).where(sa.type_coerce(t.c.loose, sa.Integer) == "5"))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.String) == 5).where(type_coerce(t.c.loose, sa.Integer) > 7))
    op.execute(t.update().values(ratio=t.c.ratio / sa.type_coerce(t.c.loose, sa.Numeric(10, 2)), amount=t.c.amount / sa.type_coerce(t.c.loose, sa.Integer)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.type_coerce(t.c.loose, sa.Float), amount=t.c.amount / sa.type_coerce(t.c.name, sa.Integer())))
    op.execute(t.update().values(id=sa.type_coerce(t.c.loose, sa.Integer) // 2, big=sa.type_coerce(t.c.loose, sa.Numeric) // 2))
    op.execute(t.update().values(id=sa.type_coerce(t.c.id + 1, sa.Integer) * 2, name=sa.type_coerce(t.c.id + t.c.id, sa.String) + "x"))
    op.execute(t.update().values(id=sa.type_coerce(expression=t.c.loose, type_=sa.Integer) + 1, big=-sa.type_coerce(t.c.loose, sa.BigInteger)))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Integer).in_(["1", "2"])).where(sa.type_coerce(t.c.loose, sa.String).in_(["a", "b"])))
    op.execute(t.delete().where(~sa.type_coerce(t.c.loose, sa.Boolean)).where(~(sa.type_coerce(t.c.loose, sa.Integer) == 5)))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Boolean)).where(sa.type_coerce(sa.func.foo(t.c.id), sa.Date) > "2020-01-01"))
    op.execute(t.update().values(name=sa.type_coerce("abc", sa.String), id=sa.type_coerce(5, sa.Integer), big=sa.type_coerce("7", sa.BigInteger)))
    op.execute(t.update().values(id=sa.type_coerce(sa.literal_column("id"), sa.Integer) + 1, name=sa.type_coerce(sa.cast(t.c.id, sa.String), sa.String) + "x"))
    op.execute(t.update().values(id=sa.type_coerce(t.c.name, sa.Integer)))`;

const AROUND = `    import datetime
    from sqlalchemy.dialects import postgresql
    op.execute(t.update().values(name=sa.type_coerce(t.c.loose, sa.JSON)["a"], id=sa.type_coerce(t.c.loose, postgresql.JSONB)["a"].astext))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.String).like("a%")).where(sa.type_coerce(t.c.loose, sa.String).contains("b")))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Integer).between("1", 5)).where(sa.type_coerce(t.c.loose, sa.Integer) == True))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.String).collate("C") == "x").where(t.c.loose == sa.type_coerce("x", sa.String)))
    op.execute(t.update().values(created_at=sa.type_coerce(t.c.loose, sa.DateTime) - datetime.timedelta(days=1)))
    op.execute(t.update().values(id=sa.type_coerce(t.c.loose, postgresql.ARRAY(sa.Integer))[1], name=sa.type_coerce(t.c.loose, sa.Integer).label("x")))
    op.execute(t.update().values(name=sa.case((t.c.id == 1, sa.type_coerce(t.c.loose, sa.String)), else_="z") + "y"))
    op.execute(t.update().values(name=sa.type_coerce(sa.case((t.c.id == 1, t.c.loose), else_="z"), sa.String) + "y"))
    op.execute(t.update().values(amount=sa.type_coerce(t.c.loose, sa.Numeric(10, 2)) * 2.5, ratio=sa.type_coerce(t.c.loose, sa.Numeric(10, 2)) == 2.5))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Integer) == sa.type_coerce("5", sa.Integer)).where(sa.func.lower(sa.type_coerce(t.c.loose, sa.String)) == "x"))
    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Enum("a", "b", name="e")) == "a"))
    op.execute(t.delete().where(sa.type_coerce(t.c.id + 1, sa.Integer).in_([1, 2])).where(sa.type_coerce(t.c.loose, sa.Integer).is_(None)))`;

test('type_coerce() under JSON and ARRAY operators, LIKE, BETWEEN, COLLATE, CASE, IN and timedelta arithmetic', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-type-coerce-around-', AROUND), ['upgrade', 'head', '--sql']);
});

test('type_coerce() prints its expression, its type deciding the operators and binds around it', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-type-coerce-', COERCED), ['upgrade', 'head', '--sql']);
});

test('type_coerce() under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-type-coerce-named-', COERCED, true), ['upgrade', 'head', '--sql']);
});

// In a SELECT's columns clause type_coerce() of a table column is labelled with the column's name
// in every label style (`events.id AS id`, in a scalar subquery, IN and EXISTS too), of anything
// else as what it wraps (`anon_1`, `lower_1`, SQL text too); Lens refused it in any select.
const SELECTED = `    op.execute(sa.select(sa.type_coerce(t.c.id, sa.String)))
    op.execute(sa.insert(t).from_select(["name"], sa.select(sa.type_coerce(t.c.id, sa.String))))
    op.execute(sa.insert(t).from_select(["name", "id"], sa.select(sa.type_coerce(t.c.id, sa.String).label("z"), t.c.id).where(t.c.id > 1)))
    op.execute(sa.insert(t).from_select(["name", "id"], sa.select(sa.type_coerce(t.c.id, sa.String), t.c.id)))
    op.execute(sa.insert(t).from_select(["name", "id"], sa.select(sa.type_coerce(other.c.id, sa.String), t.c.id)))
    op.execute(sa.insert(t).from_select(["name", "id", "loose"], sa.select(sa.type_coerce(t.c.id + 1, sa.String), t.c.id + 2, sa.type_coerce(sa.func.lower(t.c.name), sa.String))))
    op.execute(sa.insert(t).from_select(["name", "loose"], sa.select(sa.type_coerce(sa.case((t.c.id > 1, 1), else_=0), sa.String), sa.type_coerce(sa.text("1"), sa.Integer))))
    op.execute(sa.insert(t).from_select(["name", "loose"], sa.select(sa.type_coerce(sa.type_coerce(t.c.id, sa.Integer), sa.String), sa.type_coerce(sa.extract("year", t.c.created_at), sa.String)).select_from(t)))
    op.execute(sa.insert(t).from_select(["name"], sa.select(sa.type_coerce(sa.func.count(), sa.String))))
    op.execute(t.update().values(name=sa.select(sa.type_coerce(other.c.id, sa.String)).where(other.c.id == t.c.id).scalar_subquery()))
    op.execute(t.update().values(name=sa.select(sa.type_coerce(other.c.id + 1, sa.String).label("q")).scalar_subquery()))
    op.execute(t.delete().where(t.c.name.in_(sa.select(sa.type_coerce(other.c.id, sa.String), other.c.id))))
    op.execute(t.delete().where(sa.exists(sa.select(t.c.id, sa.type_coerce(t.c.id, sa.String), sa.type_coerce(t.c.id, sa.String)))))
    op.execute(t.delete().where(sa.exists(sa.select(sa.type_coerce(t.c.id + 1, sa.String)))))`;

test('type_coerce() among a select\'s columns', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-type-coerce-select-', SELECTED), ['upgrade', 'head', '--sql']);
});

test('type_coerce() among a select\'s columns under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-type-coerce-select-named-', SELECTED, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  // An int bound as a String has no literal rendering: SQLAlchemy's CompileError.
  { body: '    op.execute(t.delete().where(sa.type_coerce(5, sa.String) == t.c.name))', python: /CompileError/, reason: /VARCHAR|String/ },
  { body: '    op.execute(t.update().values(name=t.c.name + sa.type_coerce(5, sa.String)))', python: /CompileError/, reason: /VARCHAR|String/ },
  { body: '    op.execute(t.delete().where(sa.type_coerce(t.c.loose, sa.Integer, 1) == 5))', python: /TypeError/, reason: /type_coerce\(\) takes 2 positional arguments/ },
]) {
  test(`refused in both: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-type-coerce-raises-', body, python, reason);
  });
}

for (const { body, reason } of [
  // None is SQLAlchemy's NULL construct, not a bind.
  { body: '    op.execute(t.delete().where(t.c.id == sa.type_coerce(None, sa.Integer)))', reason: /type_coerce\(\) of a None/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-type-coerce-opaque-', body, reason);
  });
}
