/**
 * `sa.tuple_(...)` row values in data migrations, compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`: `.in_()` / `.not_in()` of Python rows (each place bound by the
 * tuple item's type compared with the first row's value there), an empty list, a select, `~`,
 * comparisons with a Python row or another tuple, `== None`. Lens refused every one as opaque.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const TUPLES = `    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([(1, "a"), (2, "b")])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).not_in([(1, "a"), [2, "it's"]])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).not_in([])))
    op.execute(t.delete().where(~sa.tuple_(t.c.id, t.c.name).in_([(1, "a")])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([("1", 2), (None, None)])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.amount, t.c.ratio).in_([(1, 2.5, 3), (2, 3, 4.5)])))
    op.execute(t.delete().where(sa.tuple_(t.c.loose, t.c.id).in_([(1.0, 1), (2, 2)])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.flag).in_([(True, False)])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([sa.tuple_(1, "a")])))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_(sa.select(other.c.id, other.c.name))))
    op.execute(t.delete().where(sa.and_(sa.tuple_(t.c.id, t.c.name).in_([(1, "a%")]), t.c.big == 1)))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name) == (1, "a")))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name) != [1, 2]))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name) > ("1", None)))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name) == sa.tuple_(t.c.big, "x")))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name + "x") <= (1, "a")))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name) == None))
    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).is_(None)))
    op.execute(t.delete().where(sa.tuple_(t.c.id, other.c.id).in_([(1, 2)])))
    op.execute(t.update().where(sa.tuple_(t.c.id, 5) == (1, 2)).values(name="x"))`;

test('sa.tuple_() in_() / not_in() of rows, empty lists, selects, comparisons and IS NULL', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-tuple-', TUPLES), ['upgrade', 'head', '--sql']);
});

test('sa.tuple_() under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-tuple-named-', TUPLES, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([1, 2])))', python: /TypeError: 'int' object is not iterable/, reason: /a row that is a single value, not a tuple/ },
  { body: '    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([(1, "a"), ("2", 3)])))', python: /Could not render literal value "3" with datatype VARCHAR/, reason: /SQLAlchemy has no literal rendering for a number in a String column/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-tuple-misuse-', body, python, reason);
  });
}

for (const { body, reason } of [
  { body: '    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name).in_([(1, "a", 3)])))', reason: /a row of 3 values for a tuple of 2/ },
  { body: '    op.execute(t.delete().where(sa.tuple_(t.c.id, t.c.name, types=[sa.Integer, sa.String]).in_([(1, "a")])))', reason: /sa\.tuple_\(\) with types=/ },
  { body: '    op.execute(t.delete().where((1, "a") == sa.tuple_(t.c.id, t.c.name)))', reason: /a Python value compared with a tuple_\(\) on its right/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-tuple-opaque-', body, reason);
  });
}
