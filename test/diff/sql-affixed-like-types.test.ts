/**
 * `contains()`, `startswith()`, `endswith()` (and their `i` forms), `like()` and `ilike()` on
 * expressions of types other than String, compared with the real Alembic 1.20 / SQLAlchemy 2.1
 * under `--sql`. SQLAlchemy only warns (a deprecation) and prints LIKE for an Integer, Numeric,
 * Date, DateTime, Boolean or JSON expression; only ARRAY, JSONB, HSTORE and the range types have
 * a contains() of their own (`@>`), and the base `sa.ARRAY` raises NotImplementedError. Lens
 * refused every contains() on a type other than String ("contains() on a column of type
 * Integer").
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const AFFIXED = `    d = sa.table("days", sa.column("day", sa.Date), sa.column("at", sa.TIME), sa.column("doc", sa.JSON), sa.column("uid", sa.Uuid))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.Integer).contains("5")))
    op.execute(t.delete().where(t.c.id.contains("5")).where(t.c.id.startswith("5")).where(t.c.id.endswith(5)))
    op.execute(t.delete().where(t.c.amount.icontains("5")).where(t.c.ratio.istartswith(2.5)).where(t.c.big.iendswith("7")))
    op.execute(t.delete().where(t.c.created_at.contains("2020")).where(t.c.flag.contains("t")).where(t.c.loose.contains(5)))
    op.execute(t.delete().where(t.c.id.contains("5%", autoescape=True)).where(t.c.id.contains(t.c.name)).where(t.c.name.contains(t.c.id)))
    op.execute(t.delete().where(t.c.id.like("5%")).where(t.c.amount.ilike("5%")).where(t.c.id.not_like("5")).where(t.c.id.notilike("5")))
    op.execute(d.delete().where(d.c.day.contains("2020")).where(d.c.day.startswith("2020")).where(d.c.at.endswith("00")))
    op.execute(d.delete().where(d.c.doc.contains("a")).where(d.c.uid.contains("ab")).where(d.c.day.like("2020%")))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.Date).endswith("5")).where(sa.func.now().contains("5")))
    op.execute(t.delete().where(sa.func.count().startswith("5")).where(sa.cast(t.c.name, sa.Integer).contains("5")))
    op.execute(t.delete().where((t.c.id + 1).contains("5")).where(sa.func.foo(t.c.id, type_=sa.Numeric(10, 2)).like("5%")))
    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.dialects.postgresql.JSONB).startswith("a")))`;

test('contains() and its kin print LIKE on Integer, Numeric, Date, DateTime, Boolean, JSON and Uuid expressions', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-affixed-like-', AFFIXED), ['upgrade', 'head', '--sql']);
});

test('contains() and its kin on typed expressions under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-affixed-like-named-', AFFIXED, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.ARRAY(sa.Integer)).contains([5])))', python: /NotImplementedError: ARRAY.contains\(\) not implemented for the base ARRAY type/, reason: /ARRAY.contains\(\) not implemented for the base ARRAY type/ },
  { body: '    op.execute(t.delete().where(sa.func.array_agg(t.c.id).contains([5])))', python: /NotImplementedError: ARRAY.contains\(\) not implemented for the base ARRAY type/, reason: /ARRAY/ },
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.LargeBinary).startswith("5")))', python: /Could not render literal value "'5'" with datatype BLOB/, reason: /LargeBinary/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-affixed-like-misuse-', body, python, reason);
  });
}

for (const { body, reason } of [
  // HSTORE's and the range types' contains() is PostgreSQL's @>, whose binds the engine does not model.
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.dialects.postgresql.HSTORE).contains("a")))', reason: /contains\(\) of a HSTORE expression/ },
  { body: '    op.execute(t.delete().where(sa.func.foo(t.c.id, type_=sa.dialects.postgresql.INT4RANGE).contains(5)))', reason: /contains\(\) of a INT4RANGE expression/ },
  // hstore() returns an HSTORE, whose type the engine does not work out: its contains() is @>, not LIKE.
  { body: '    op.execute(t.delete().where(sa.func.hstore("a", "b").contains("a")))', reason: /contains\(\) of an expression whose type the engine does not know/ },
]) {
  test(`not followed, refused with a reason: ${body.trim()}`, async () => {
    await assertLensRefuses('sql-affixed-like-opaque-', body, reason);
  });
}
