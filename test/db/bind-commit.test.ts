// `op.get_bind().commit()` in a migration (instagram-automation-backend's cascade migration,
// held-out sweep AT). Measured here with the real Alembic 1.20 and SQLAlchemy 2.1 on PostgreSQL:
// the statements before the commit stay, the rest of the migration and the version row are
// rolled back when Alembic closes the connection, and `alembic upgrade` exits 0. Lens's lint
// reports it as an error (transaction-control) at that line, and a live run through Lens refuses
// the migration (it cannot run what the commit does) without running anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, freshDatabase, lens, projectWithVersions, psql, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const header = migrationHeader;

const VERSIONS = {
  'b1_table.py': `${header('b1', undefined)}
def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), primary_key=True))


def downgrade():
    op.drop_table("t")
`,
  'b2_commit.py': `${header('b2', 'b1')}
def upgrade():
    op.add_column("t", sa.Column("y", sa.Text()))
    op.get_bind().commit()
    op.add_column("t", sa.Column("z", sa.Text()))


def downgrade():
    op.drop_column("t", "z")
    op.drop_column("t", "y")
`,
};

function columns(url: string): string[] {
  return psql(url, "SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY 1").trim().split('\n');
}

test("op.get_bind().commit(): Alembic exits 0 with the rest of the migration lost; Lens's lint says so as an error, and its live run refuses", async () => {
  requireAlembic();
  const ini = projectWithVersions('bind-commit-', VERSIONS);
  const byAlembic = freshDatabase();
  const run = alembic(ini, byAlembic, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(columns(byAlembic), ['id', 'y']);
  assert.deepEqual(rows(byAlembic), ['b1']);

  const check = await lens(ini, byAlembic, ['check', '--format', 'json']);
  const problems = (JSON.parse(check.stdout) as { problems: { code: string; severity: string; line: number; message: string }[] }).problems;
  const found = problems.filter((problem) => problem.code === 'transaction-control');
  assert.equal(found.length, 1, check.stdout);
  assert.equal(found[0].severity, 'error');
  assert.equal(found[0].line, 15);
  assert.match(found[0].message, /rest of this migration and the version table's update are rolled back/);

  const byLens = freshDatabase();
  const refused = await lens(ini, byLens, ['upgrade', 'head']);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /b2_commit\.py:15: upgrade\(\) of b2: ends the transaction Alembic opened through op\.get_bind\(\)/);
  assert.match(refused.stderr, /online-opaque-refused/);
  // Nothing was run: not even the version table was made.
  assert.equal(psql(byLens, "SELECT count(*) FROM pg_tables WHERE tablename IN ('t', 'alembic_version')").trim(), '0');
});
