/**
 * A Python value on the left of a comparison with a SQL expression, compared with the real Alembic
 * 1.20 / SQLAlchemy 2.1 under `--sql`: Python has no such comparison on an int or a str, so it asks
 * the right side's reflected one (`5 < t.c.id` is `t.c.id.__gt__(5)`), and SQLAlchemy prints
 * `events.id > 5`, `None == t.c.id` as `events.id IS NULL`. Lens printed the sides as written
 * (`5 < events.id`, `5 = foo(events.id)`). Arithmetic keeps its order (`5 - events.id`).
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const REFLECTED = `    op.execute(t.delete().where(5 == sa.func.foo(t.c.id)).where(5 < t.c.id).where("a" == sa.func.lower(t.c.name)))
    op.execute(t.delete().where(2.5 >= t.c.ratio).where(1 <= t.c.big).where(1 > t.c.id).where("x" != t.c.name))
    op.execute(t.delete().where(None == t.c.name).where(None != t.c.id).where(True == t.c.flag))
    op.execute(t.update().where("2020-01-01" < t.c.created_at).values(id=5 - t.c.id, name="x" + t.c.name))`;

test('a Python value on the left of a comparison is reflected as Python reflects it', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-reflected-', REFLECTED), ['upgrade', 'head', '--sql']);
});

test('reflected comparisons under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-reflected-named-', REFLECTED, true), ['upgrade', 'head', '--sql']);
});
