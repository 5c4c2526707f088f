/**
 * `sa.select(t.c.id, sa.cast(t.c.balance, sa.Text).label("note"))` in `insert().from_select()`
 * (held-out sweep GM, a migration of its own): a cast or unary expression named by an explicit
 * `.label()` prints as `<expression> AS name`, as any labelled column does; Lens refused it as
 * "sa.select() of a cast: its label in the columns clause is not modelled". Without `.label()`
 * SQLAlchemy derives the name itself: test/diff/select-column-names.test.ts. Compared with the
 * real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['import sqlalchemy as sa', 'from alembic import op'],
    helpers: [
      'account = sa.table("account", sa.column("id", sa.Integer), sa.column("balance", sa.Numeric(12, 2)), sa.column("closed", sa.Boolean))',
      'archive = sa.table("archive", sa.column("id", sa.Integer), sa.column("note", sa.Text), sa.column("debt", sa.Numeric(12, 2)), sa.column("open", sa.Boolean))',
    ],
    upgrade: body,
  });
}

test('a labelled cast or unary expression in a select prints as Alembic prints it', async () => {
  const dir = offlineProject('select-labelled-cast-', {
    'migrations/versions/a1_archive.py': migration([
      'op.execute(archive.insert().from_select(["id", "note", "debt", "open"], sa.select(account.c.id, sa.cast(account.c.balance, sa.Text).label("note"), (-account.c.balance).label("debt"), sa.not_(account.c.closed).label("open")).where(account.c.balance < 0)))',
      'op.execute(account.delete().where(account.c.id.in_(sa.select(sa.cast(archive.c.note, sa.Integer).label("n")))))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT account\.id, CAST\(account\.balance AS TEXT\) AS note, -account\.balance AS debt, NOT account\.closed AS open/);
});
