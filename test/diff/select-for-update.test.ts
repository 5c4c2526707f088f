/**
 * `.with_for_update()` of a select (survey GU), compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`: PostgreSQL's locking clause after LIMIT / OFFSET, `FOR UPDATE`,
 * `FOR SHARE` (`read=True`), `FOR NO KEY UPDATE` / `FOR KEY SHARE` (`key_share=True`), `NOWAIT`,
 * `SKIP LOCKED`, in a statement, `from_select()`, IN and scalar subqueries. Lens refused it as an
 * unsupported method; `of=` stays refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = [
  'job = sa.table("job", sa.column("id", sa.Integer), sa.column("state", sa.String), sa.column("worker_id", sa.Integer))',
  'worker = sa.table("worker", sa.column("id", sa.Integer), sa.column("busy", sa.Boolean))',
];

function project(prefix: string, body: string[]): string {
  return offlineProject(prefix, { 'migrations/versions/a1_locks.py': baseRevision({ helpers: HELPERS, upgrade: body }) });
}

test('the locking clause of with_for_update() prints as SQLAlchemy prints it', async () => {
  const dir = project('select-for-update-', [
    'op.execute(sa.select(job.c.id).where(job.c.state == "new").order_by(job.c.id).limit(10).with_for_update(skip_locked=True))',
    'op.execute(sa.select(job.c.id).with_for_update(read=True, nowait=True))',
    'op.execute(sa.select(job.c.id).with_for_update(key_share=True))',
    'op.execute(sa.select(job.c.id).with_for_update(read=True, key_share=True, of=None))',
    'op.execute(job.update().values(state="taken").where(job.c.id.in_(sa.select(job.c.id).where(job.c.state == "new").limit(5).with_for_update(skip_locked=True))))',
    'op.execute(job.update().values(worker_id=sa.select(worker.c.id).where(worker.c.busy.is_(False)).limit(1).with_for_update().scalar_subquery()))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /ORDER BY job\.id \n LIMIT 10 FOR UPDATE SKIP LOCKED;/);
});

test('with_for_update(of=...) stays refused', async () => {
  const dir = project('select-for-update-of-', ['op.execute(sa.select(job.c.id).with_for_update(of=job))']);
  assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /with_for_update\(of=\.\.\.\)/);
});
