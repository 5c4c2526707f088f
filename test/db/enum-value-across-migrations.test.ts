// An enum value added inside a transaction by one migration and used by a later one: without
// transaction_per_migration, one `alembic upgrade` runs both in one transaction and PostgreSQL
// refuses the value until it commits (55P04), so a new database (tests, a fresh install) can never
// be migrated, though each migration passed when deployed alone. The lint must say so at the
// use, and stay quiet once the value is committed first. Checked against Alembic 1.20 on the
// test server, with Lens's own online engine beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, dump, freshDatabase, lens, projectWithVersions, requireAlembic } from './onlineHelpers';

const header = (revision: string, down: string | undefined): string =>
  `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\nbranch_labels = None\ndepends_on = None\n\n`;

function versions(addValue: string): Record<string, string> {
  return {
    'a1_orders.py': `${header('a1', undefined)}
def upgrade():
    op.execute("CREATE TYPE order_status AS ENUM ('new', 'paid')")
    op.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status order_status, refunded_at timestamptz)")


def downgrade():
    op.execute("DROP TABLE orders")
    op.execute("DROP TYPE order_status")
`,
    'b2_refunded.py': `${header('b2', 'a1')}
def upgrade():
${addValue}


def downgrade():
    pass
`,
    'c3_backfill.py': `${header('c3', 'b2')}
def upgrade():
    op.execute("UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL")


def downgrade():
    pass
`,
  };
}

const IN_TRANSACTION = `    op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")`;
const COMMITTED = `    with op.get_context().autocommit_block():\n        op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")`;

async function enumFindings(ini: string, url: string): Promise<string[]> {
  const run = await lens(ini, url, ['check', '--select', 'enum-add-value-in-transaction', '--format', 'json']);
  const report = JSON.parse(run.stdout) as { problems: { code: string; file: string; line: number }[] };
  return report.problems.filter((problem) => problem.code === 'enum-add-value-in-transaction').map((problem) => `${problem.file.split('/').pop()}:${problem.line}`);
}

test('a value added in one migration and used by the next fails in one upgrade run: the lint reports the use', async () => {
  requireAlembic();
  const ini = projectWithVersions('alembic-lens-enum-run-', versions(IN_TRANSACTION));
  const theirs = freshDatabase();
  const real = alembic(ini, theirs, ['upgrade', 'head']);
  assert.notEqual(real.status, 0, 'Alembic fails on c3 when b2 and c3 run together');
  assert.match(real.stderr, /unsafe use of new value "refunded"/);
  // Lens's online engine fails the same way and leaves the database as Alembic does.
  const ours = freshDatabase();
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /55P04|unsafe use of new value/);
  assert.equal(dump(ours), dump(theirs));
  // Deployed one at a time it works: the hazard is the shared run, which a new database always has.
  const separate = freshDatabase();
  assert.equal(alembic(ini, separate, ['upgrade', 'b2']).status, 0);
  assert.equal(alembic(ini, separate, ['upgrade', 'head']).status, 0);
  assert.deepEqual(await enumFindings(ini, ours), ['c3_backfill.py:11']);
});

test('committed first (an autocommit block), the same history runs in one upgrade and the lint is quiet', async () => {
  requireAlembic();
  const ini = projectWithVersions('alembic-lens-enum-run-ok-', versions(COMMITTED));
  const theirs = freshDatabase();
  const real = alembic(ini, theirs, ['upgrade', 'head']);
  assert.equal(real.status, 0, real.stderr);
  assert.deepEqual(await enumFindings(ini, theirs), []);
});
