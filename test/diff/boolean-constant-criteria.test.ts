/**
 * `sa.true()`, `sa.false()` and Python bools among AND / OR criteria, compared with the real
 * Alembic 1.20 / SQLAlchemy 2.1 under `--sql` (found by survey GU): SQLAlchemy drops the constant
 * that does not decide (`where(x).where(sa.true())` is `WHERE x`), lets the deciding one replace
 * the list (`and_(x, sa.false())` is `false`) and negates a constant to the other. Lens printed
 * them all as written (`WHERE t.x > 1 AND true`) with exit 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

test('boolean constants among where() criteria, and_(), or_(), & and | print as SQLAlchemy folds them', async () => {
  const dir = offlineProject('boolean-constant-criteria-', {
    'migrations/versions/a1_criteria.py': baseRevision({
      helpers: ['item = sa.table("item", sa.column("id", sa.Integer), sa.column("qty", sa.Integer), sa.column("name", sa.String))'],
      upgrade: [
        'op.execute(item.delete().where(item.c.qty > 1).where(sa.true()))',
        'op.execute(item.delete().where(sa.true()).where(item.c.qty > 1).where(item.c.id != 3))',
        'op.execute(item.delete().where(item.c.qty > 1, sa.false()))',
        'op.execute(item.delete().where(sa.and_(item.c.qty > 1, sa.true())))',
        'op.execute(item.delete().where(sa.and_(item.c.qty > 1, sa.false())))',
        'op.execute(item.delete().where(sa.or_(item.c.qty > 1, sa.false())))',
        'op.execute(item.delete().where(sa.or_(item.c.qty > 1, sa.true())))',
        'op.execute(item.delete().where(sa.or_(item.c.qty > 1, item.c.qty < 0) & sa.true()))',
        'op.execute(item.delete().where((item.c.qty > 1) | sa.false()))',
        'op.execute(item.delete().where(sa.and_(sa.true(), sa.true())))',
        'op.execute(item.delete().where(sa.not_(sa.true())).where(~sa.false()))',
        'op.execute(item.delete().where(sa.and_(item.c.qty > 1, sa.or_(sa.false(), item.c.qty < 0))))',
        'op.execute(item.delete().where((item.c.qty > 1) & True).where(sa.or_(item.c.id == 1, False)))',
        'op.execute(item.delete().where(item.c.qty > 1, True))',
        'op.execute(item.update().values(qty=0).where(item.c.qty > 1).where(sa.true()))',
        'op.execute(sa.select(item.c.id).where(item.c.qty > 1).where(sa.true()).having(sa.true()))',
        'cond = sa.true()',
        'for n in (1, 2):',
        '    cond = cond & (item.c.id != n)',
        'op.execute(item.delete().where(cond))',
        'op.execute(item.delete().where(item.c.qty > 1).where(sa.text("true")))',
      ],
    }),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /DELETE FROM item WHERE item\.qty > 1;/);
  assert.match(printed, /DELETE FROM item WHERE item\.id != 1 AND item\.id != 2;/);
});
