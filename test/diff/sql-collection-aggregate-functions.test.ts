/**
 * `sa.func.any()`, `sa.func.all()` and `sa.func.some()`, SQLAlchemy 2.1's collection aggregate
 * functions, compared with the real Alembic 1.20 under `--sql`: printed lower case as plain calls of
 * NullType (`any(events.id)`, labelled `any_1` in a select), a comparison with one negated as
 * `NOT (...)` rather than flipped. Lens refused them. A comparison with None (`= NULL` in
 * SQLAlchemy) stays refused.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const AGGREGATES = `    op.execute(sa.select(sa.func.any(t.c.id)))
    op.execute(sa.select(sa.func.ANY(t.c.id), sa.func.some(t.c.id), sa.func.all(t.c.id)))
    op.execute(t.delete().where(sa.func.any(t.c.id) == 5).where(sa.func.all(t.c.id) > 5).where(5 == sa.func.some(t.c.id)))
    op.execute(t.delete().where(sa.not_(sa.func.any(t.c.id) == 5)).where(~(sa.func.all(t.c.id) > 5)).where(sa.not_(5 < sa.func.any(t.c.id))))
    op.execute(t.delete().where(sa.not_(sa.func.any(t.c.id).like("x"))).where(sa.not_(sa.func.any(t.c.id).in_([1]))))
    op.execute(t.update().values(ratio=sa.func.any(t.c.id) / 2, name=sa.func.any(t.c.name) + "x", id=sa.func.any(t.c.id, type_=sa.Integer) + 1))
    op.execute(t.delete().where(sa.func.any(t.c.id) == "5"))`;

test('sa.func.any() / all() / some() as SQLAlchemy 2.1 prints them', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-collection-aggregate-', AGGREGATES), ['upgrade', 'head', '--sql']);
});

test('sa.func.any() / all() / some() under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-collection-aggregate-named-', AGGREGATES, true), ['upgrade', 'head', '--sql']);
});

test('a comparison of sa.func.any() with None (SQLAlchemy prints = NULL) is refused with a reason', async () => {
  await assertLensRefuses('sql-collection-aggregate-opaque-', '    op.execute(t.delete().where(sa.func.any(t.c.id) == None))', /compares? .*with None|with None \(SQLAlchemy prints = NULL\)/);
});
