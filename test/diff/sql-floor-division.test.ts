/**
 * Floor division `//` in data migrations, compared with the real Alembic 1.20 / SQLAlchemy 2.1
 * under `--sql`: `a / b` when both sides have Integer affinity (Integer, BigInteger, an int,
 * None against an integer, count(), extract()), `FLOOR(a / b)` otherwise (a Numeric, Float or
 * untyped column, a float, a bool, SQL text, a cast to NUMERIC), grouped by its precedence 8
 * (never under itself). Lens refused every one as opaque; where a side's type is not known it
 * still refuses, naming the floor division.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const DIVISIONS = `    op.execute(t.update().values(id=t.c.id // 2, big=t.c.id // t.c.big))
    op.execute(t.update().values(id=2 // t.c.id, big=t.c.big // -2))
    op.execute(t.update().values(amount=t.c.id // 2.5, ratio=t.c.amount // 2))
    op.execute(t.update().values(amount=t.c.id // t.c.amount, ratio=t.c.ratio // t.c.id))
    op.execute(t.update().values(id=t.c.loose // 2, big=t.c.id // t.c.loose))
    op.execute(t.update().values(id=2.5 // t.c.id, big=t.c.id // True))
    op.execute(t.update().values(id=t.c.id // None, big=t.c.id // sa.text("2")))
    op.execute(t.update().values(id=t.c.id // sa.literal(2), big=t.c.id // sa.cast(t.c.name, sa.Integer)))
    op.execute(t.update().values(amount=sa.cast(t.c.name, sa.Numeric) // 2))
    op.execute(t.update().values(id=(t.c.id + 1) // 2, big=t.c.id // (t.c.big + 1)))
    op.execute(t.update().values(id=t.c.id // 2 + 1, big=t.c.id // 2 * 3))
    op.execute(t.update().values(id=t.c.id * 3 // 2, big=t.c.id // 2 // 3))
    op.execute(t.update().values(id=-(t.c.id // 2), big=t.c.id % 2 // 3))
    op.execute(t.update().values(amount=t.c.amount // 2 + 1, ratio=t.c.ratio // 2 * 3))
    op.execute(t.update().values(id=sa.extract("year", t.c.created_at) // 10))
    op.execute(t.update().values(id=sa.func.abs(t.c.id // 2), big=sa.func.abs(t.c.amount // 2)))
    op.execute(t.delete().where(t.c.id // 2 == 1).where(t.c.amount // 2 > 1))
    op.execute(t.delete().where(t.c.id // 2 == t.c.big // 3))`;

test('// of integers prints a / b, of anything else FLOOR(a / b), grouped by precedence', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-floor-division-', DIVISIONS), ['upgrade', 'head', '--sql']);
});

test('// under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-floor-division-named-', DIVISIONS, true), ['upgrade', 'head', '--sql']);
});

for (const body of [
  '    op.execute(t.delete().where(t.c.id // other.c.id == 1))',
  // max() has its argument's type (sql-function-types.test.ts); of an expression whose type is not worked out here, it stays unknown.
  '    op.execute(t.update().values(id=sa.func.max(t.c.id + 1) // 2))',
]) {
  test(`an operand whose type is not known here stays refused: ${body.trim()}`, async () => {
    await assertLensRefuses('sql-floor-division-opaque-', body, /a floor division `\/\/` whose operand types the engine does not know/);
  });
}
