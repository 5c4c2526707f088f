/**
 * `sa.extract(field, expr)` in data migrations, compared with the real Alembic 1.20 / SQLAlchemy
 * 2.1 under `--sql`: `EXTRACT(year FROM events.created_at)` as a SET value, in WHERE, compared,
 * in IN, under arithmetic and functions, in a select's columns; the field printed as written
 * (SQLAlchemy prints an unknown field too: PostgreSQL refuses it at run time). Lens refused
 * every one as opaque.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const EXTRACTS = `    op.execute(t.update().where(sa.extract("year", t.c.created_at) == 2020).values(id=1))
    op.execute(t.update().values(id=sa.extract("year", t.c.created_at)))
    op.execute(t.update().values(id=sa.extract("YEAR", t.c.created_at) + 1, big=-sa.extract("epoch", sa.func.now())))
    op.execute(t.update().values(ratio=sa.extract("epoch", t.c.created_at) / 2, amount=sa.extract("dow", t.c.created_at) * 2))
    op.execute(t.update().values(id=sa.extract("year", t.c.created_at + sa.text("interval '1 day'"))))
    op.execute(t.update().values(id=sa.extract(field="month", expr=t.c.created_at)))
    op.execute(t.update().values(id=sa.extract("year", "2020-01-01"), big=sa.extract("year", None)))
    op.execute(t.update().values(id=sa.extract("nonsense", t.c.created_at)))
    op.execute(t.update().values(id=sa.extract("year", sa.cast(t.c.name, sa.Date))))
    op.execute(t.update().values(name=sa.func.to_char(sa.extract("year", t.c.created_at))))
    op.execute(t.delete().where(sa.extract("year", t.c.created_at).in_([2020, 2021])))
    op.execute(t.delete().where(sa.extract("epoch", t.c.created_at) > 2.5).where(sa.extract("epoch", t.c.created_at) < "5"))
    op.execute(t.delete().where(sa.and_(sa.extract("year", t.c.created_at) >= 2000, sa.not_(sa.extract("month", t.c.created_at) == 1))))
    op.execute(t.delete().where(sa.extract("year", other.c.name) == 1))
    op.execute(sa.select(sa.extract("year", t.c.created_at)))
    op.execute(sa.select(sa.extract("year", t.c.created_at).label("y")).where(t.c.id > 1))`;

test('sa.extract() as a SET value, in WHERE, IN, arithmetic, functions and selects', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-extract-', EXTRACTS), ['upgrade', 'head', '--sql']);
});

test('sa.extract() under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-extract-named-', EXTRACTS, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.update().values(id=sa.extract(t.c.created_at)))', python: /TypeError: extract\(\) missing 1 required positional argument: 'expr'/, reason: /extract\(\) missing a required argument: 'expr'/ },
  { body: '    op.execute(t.update().values(id=sa.extract("year", t.c.created_at, 3)))', python: /TypeError: extract\(\) takes 2 positional arguments but 3 were given/, reason: /extract\(\) takes 2 positional arguments but 3 were given/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-extract-misuse-', body, python, reason);
  });
}

for (const { body, reason } of [
  { body: '    op.execute(t.update().values(id=sa.extract(sa.text("year"), t.c.created_at)))', reason: /sa\.extract\(\) of a field that is not a literal string/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-extract-opaque-', body, reason);
  });
}
