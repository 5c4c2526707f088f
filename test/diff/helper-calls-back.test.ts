/**
 * A helper in a project module that calls back a function the migration passes to it
 * (vectorize-io/hindsight's `run_for_dialect(pg=_pg_upgrade, ...)`, held-out sweep AM): the
 * function runs in the migration's own source and scope. Before, every such migration was opaque
 * ("calls () ... uses the name ,", the callback read in the helper's source). Compared with the
 * real Alembic 1.20: a dispatch by dialect, a plain call, and a callback with arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const HELPERS = `from alembic import op


def run_for_dialect(*, pg=None, oracle=None):
    name = op.get_bind().dialect.name
    fn = {"postgresql": pg, "oracle": oracle}[name]
    if fn is not None:
        fn()


def for_each_table(tables, action):
    for table in tables:
        action(table, f"ix_{table}_created")
`;

const MIGRATION = `"""one

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from lens_helpers.dispatch import for_each_table, run_for_dialect

revision = "a1"
down_revision = None


def _pg_upgrade():
    op.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, created TIMESTAMPTZ)")
    op.create_table("audits", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("created", sa.DateTime()))


def _index(table, name):
    op.create_index(name, table, ["created"])


def upgrade():
    run_for_dialect(pg=_pg_upgrade)
    for_each_table(["events", "audits"], _index)


def _pg_downgrade():
    op.drop_table("audits")
    op.execute("DROP TABLE events")


def downgrade():
    for_each_table(["events", "audits"], lambda table, name: op.drop_index(name, table_name=table))
    run_for_dialect(pg=_pg_downgrade)
`;

const SECOND = `"""two

Revision ID: b2
Revises: a1
"""
from alembic import op
from lens_helpers.dispatch import run_for_dialect

revision = "b2"
down_revision = "a1"


def _pg_upgrade():
    op.create_index("ix_events_id_created", "events", ["id", "created"])


def upgrade():
    run_for_dialect(pg=_pg_upgrade)


def downgrade():
    op.drop_index("ix_events_id_created", table_name="events")
`;

test('a migration function called back by a project helper: the same SQL as Alembic', async () => {
  const dir = temporaryFolder('helper-calls-back-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = lib\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_one.py'), MIGRATION);
  writeFile(path.join(dir, 'migrations', 'versions', 'b2_two.py'), SECOND);
  writeFile(path.join(dir, 'lib', 'lens_helpers', '__init__.py'), '');
  writeFile(path.join(dir, 'lib', 'lens_helpers', 'dispatch.py'), HELPERS);
  const up = await assertSameAsAlembic(dir, ['upgrade', 'base:a1', '--sql']);
  await assertSameAsAlembic(dir, ['upgrade', 'a1:b2', '--sql']);
  assert.match(up, /CREATE TABLE events \(id BIGINT PRIMARY KEY, created TIMESTAMPTZ\)/);
  assert.match(up, /CREATE INDEX ix_audits_created ON audits \(created\)/);
  const down = await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  assert.match(down, /DROP INDEX ix_events_created/);
  assert.match(down, /DROP TABLE events/);
  // Its findings are at the lines of the migration's own function, not at the helper call.
  const check = await runLens(dir, ['check', '--select', 'create-index-not-concurrently', '--format', 'json']);
  const found = (JSON.parse(check.stdout) as { problems: { code: string; file: string; line: number }[] }).problems.map((problem) => `${path.basename(problem.file)}:${problem.line}`);
  assert.deepEqual(found, ['b2_two.py:14'], check.stdout);
  const coverage = await runLens(dir, ['coverage']);
  assert.match(coverage.stdout, /2 of 2 revisions fully understood/, coverage.stdout);
});
