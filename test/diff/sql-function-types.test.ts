/**
 * `sa.func.*()` calls and their return types in data migrations, compared with the real Alembic
 * 1.20 / SQLAlchemy 2.1 under `--sql`. `type_=` sets the function's type, and a registered generic
 * function has its own (`count()` Integer, `now()` DateTime, `coalesce()` / `max()` / `sum()` the
 * first typed argument's, any other name NullType): it decides the divisor's cast in `/`, `//` as
 * `/` or `FLOOR()`, and whether `+` is `||`. Lens dropped every keyword (printing `count(*)` for
 * `count(expression=...)`, and SQL where SQLAlchemy raises), printed `now_()` for `func.now_()`,
 * `SYSDATE()` for sysdate, and `||` for `+` of a string and a number; it refused divisions by a
 * function.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const FUNCTIONS = `    op.execute(t.update().values(amount=t.c.amount / sa.func.foo(t.c.id, type_=sa.Numeric(10, 2))))
    op.execute(t.update().values(amount=t.c.amount / sa.func.foo(t.c.id), ratio=t.c.ratio / sa.func.foo(t.c.id, type_=sa.Float)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.foo(t.c.id, type_=sa.Integer), big=t.c.id / sa.func.foo(t.c.id, type_=sa.String)))
    op.execute(t.update().values(id=sa.func.coalesce(t.c.id, 0, type_=sa.Integer) // 2, big=sa.func.coalesce(t.c.id, 0) // 2))
    op.execute(t.update().values(id=sa.func.coalesce(t.c.ratio, 0) // 2, big=sa.func.random() // 2, ratio=sa.func.foo(t.c.id, type_=sa.Integer) // 2.5))
    op.execute(t.update().values(id=sa.func.sum(t.c.amount, type_=sa.Integer) // 2, big=sa.func.foo(t.c.amount, type_=sa.BigInteger) // sa.func.count()))
    op.execute(t.update().values(id=sa.func.char_length(t.c.name) // 2, big=sa.func.max(t.c.id) // 2))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.count(t.c.id), amount=t.c.ratio / sa.func.sum(t.c.amount)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.sum(t.c.id), amount=t.c.ratio / sa.func.random()))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.coalesce(t.c.ratio, 1), amount=t.c.ratio / sa.func.char_length(t.c.name)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.coalesce(None, t.c.amount), amount=t.c.ratio / sa.func.coalesce(t.c.loose, t.c.amount)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.coalesce(2.5, t.c.amount), amount=t.c.ratio / sa.func.max(other.c.id)))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.now(), amount=t.c.ratio / sa.func.percent_rank()))
    op.execute(t.update().values(ratio=t.c.ratio / sa.func.NOW(), amount=t.c.ratio / sa.func.pg_catalog.now()))
    op.execute(t.update().values(created_at=sa.func.now(type_=sa.DateTime) + sa.text("interval '1 day'"), name=sa.func.now_()))
    op.execute(t.update().values(name=sa.func.foo_(t.c.id), loose=sa.func.pg_catalog.lower_(t.c.name), created_at=sa.func.SYSDATE()))
    op.execute(t.update().values(amount=sa.func.foo(type_=sa.Numeric), name=sa.func.Coalesce(t.c.name, "x")))
    op.execute(t.delete().where(sa.func.lower(t.c.name) == "x").where(sa.func.foo(t.c.name, type_=sa.Integer) == "5"))
    op.execute(t.delete().where(sa.func.foo(t.c.name, type_=sa.String) == 5).where(sa.func.foo(t.c.name, type_=sa.Boolean) == 1))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=None) == 1).where(sa.func.now(type_=None) > "2020-01-01"))
    op.execute(t.delete().where(sa.func.foo(t.c.id, monotonic=True) == 1))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.Date).between("2020-01-01", "2021-01-01")))
    op.execute(t.delete().where(sa.func.lower(t.c.name, type_=sa.String).in_(["a", "b"])))
    op.execute(t.delete().where(sa.func.count(expression=t.c.id) > 1).where(sa.func.char_length(arg=t.c.name) > 1))
    op.execute(t.delete().where(sa.func.sum(t.c.amount) == 2.5).where(sa.func.max(t.c.id) == "5"))
    op.execute(t.delete().where(sa.func.foo(t.c.name, type_=sa.String) + "x" == "y").where(sa.func.foo(t.c.name) + "x" == "y"))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.Integer) + "x" == "y").where(sa.func.foo(t.c.id, type_=sa.String) + 5 == "y"))
    op.execute(t.delete().where(sa.func.concat(t.c.id, "a") + 5 == "y").where(sa.func.concat(t.c.id, "a") + "b" == "y"))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.dialects.postgresql.ARRAY(sa.Integer)).contains([5])))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.dialects.postgresql.JSONB)["k"] == "x"))
    op.execute(sa.select(sa.func.sysdate(), sa.func.current_timestamp(3), sa.func.Current_Date(), sa.func.pg_catalog.current_date()))
    op.execute(sa.select(t.c.id).group_by(sa.func.cube(t.c.id, t.c.name)))
    op.execute(sa.select(t.c.id).group_by(sa.func.rollup(t.c.id), sa.func.grouping_sets(t.c.name)))`;

// `+` of a string column and a number is arithmetic in SQLAlchemy (Concatenable with a non-text side).
const PLUS = `    op.execute(t.delete().where(t.c.name + 5 == "y").where(5 + t.c.name == "y").where(t.c.name + 2.5 == "y"))
    op.execute(t.delete().where(t.c.name + True == "y").where(t.c.name + t.c.id == "y").where(t.c.id + t.c.name == "y"))
    op.execute(t.delete().where(t.c.name + t.c.loose == "y").where(t.c.name + sa.func.foo(t.c.id, type_=sa.Integer) == "y"))`;

test('sa.func.*() return types: division casts, floor division, binds and +', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-function-types-', FUNCTIONS), ['upgrade', 'head', '--sql']);
});

test('sa.func.*() return types under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-function-types-named-', FUNCTIONS, true), ['upgrade', 'head', '--sql']);
});

test('+ of a string column and a number or a typed non-text side stays +', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-function-plus-', PLUS), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, bar=1) == 1))', python: /TypeError: Function.__init__\(\) got an unexpected keyword argument 'bar'/, reason: /Function.__init__\(\) got an unexpected keyword argument 'bar'/ },
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, packagenames=("a",)) == 1))', python: /got multiple values for keyword argument 'packagenames'/, reason: /got multiple values for keyword argument 'packagenames'/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-function-misuse-', body, python, reason);
  });
}

for (const { body, reason } of [
  // PostgreSQL's pow visitor prints power(x, %(pow_1)s::INTEGER): a bind literal_binds leave unrendered.
  { body: '    op.execute(t.update().values(ratio=sa.func.POW(t.c.amount, 2)))', reason: /func\.POW\(\) of a Python value or other bind parameter: SQLAlchemy's PostgreSQL compiler drops literal_binds/ },
  { body: '    op.execute(sa.select(sa.func.aggregate_strings(t.c.name, ",")))', reason: /SQLAlchemy builds its own construct for aggregate_strings/ },
  { body: '    op.execute(t.delete().where(sa.func.now(bar=1) > "2020-01-01"))', reason: /the keyword bar=, which the engine does not model/ },
  { body: '    op.execute(t.update().values(ratio=t.c.ratio / sa.func.max(t.c.id + 1)))', reason: /a division whose divisor type the engine does not know/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-function-opaque-', body, reason);
  });
}
