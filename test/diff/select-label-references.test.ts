/**
 * Label references in a select's ORDER BY and GROUP BY (`order_by("n")`, `sa.desc("n")`,
 * `group_by("n")`), compared with the real Alembic 1.20 / SQLAlchemy 2.1 under `--sql` (survey
 * GU): a name of a label of the columns clause prints as that label (`ORDER BY n DESC`, quoted as
 * labels are). Lens refused them. A name SQLAlchemy would resolve against the FROM tables'
 * columns, or one another entry is keyed by (`t_x` beside `t.x`, where SQLAlchemy picks the
 * column), stays refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = ['ticket = sa.table("ticket", sa.column("id", sa.Integer), sa.column("queue", sa.String), sa.column("opened", sa.DateTime))'];

function project(prefix: string, body: string[]): string {
  return offlineProject(prefix, { 'migrations/versions/a1_refs.py': baseRevision({ helpers: HELPERS, upgrade: body }) });
}

test('a label name in order_by() and group_by() prints as the label', async () => {
  const dir = project('select-label-references-', [
    'op.execute(sa.select(ticket.c.queue.label("q"), sa.func.count().label("n")).group_by("q").order_by(sa.desc("n"), "q"))',
    'op.execute(sa.select(ticket.c.queue.label("Queue Name")).order_by(sa.asc("Queue Name").nulls_last()))',
    'op.execute(sa.select(sa.func.max(ticket.c.opened).label("order")).group_by(ticket.c.queue).order_by(sa.desc("order").nulls_first()))',
    'op.execute(ticket.delete().where(ticket.c.id.in_(sa.select(ticket.c.id.label("i")).order_by(sa.desc("i")).limit(3))))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /GROUP BY q ORDER BY n DESC, q;/);
});

for (const { body, reason } of [
  // SQLAlchemy resolves it against ticket's columns: `ORDER BY ticket.queue`.
  { body: 'op.execute(sa.select(ticket.c.queue).order_by("queue"))', reason: /order_by\("queue"\): a label reference naming no label/ },
  // The later entry keyed `ticket_id` wins: `ORDER BY ticket.id`.
  { body: 'op.execute(sa.select(ticket.c.queue.label("ticket_id"), ticket.c.id).order_by("ticket_id"))', reason: /order_by\("ticket_id"\): a label name another entry of the columns clause is also keyed by/ },
]) {
  test(`refused with the reason (Alembic prints it): ${body}`, async () => {
    const dir = project('select-label-references-refused-', [body]);
    assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0);
    assert.match(lens.stderr, reason);
  });
}
