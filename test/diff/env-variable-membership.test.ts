/**
 * `"NAME" in os.environ` deciding what env.py binds. fabric8-analytics-worker's env.py (sweep GW)
 * writes `if 'F8A_POSTGRES' in os.environ: target_metadata = MetaData() ... else: target_metadata
 * = None`: the engine could not decide the test, left target_metadata unbound, and refused every
 * constraint named by the convention (23 of its 62 upgrades), where Alembic prints them. The test
 * is now read from the engine's own environment, as `os.environ.get()` is. Compared with the real
 * Alembic 1.20, with the variable unset and set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const VARIABLE = 'ALEMBIC_LENS_GW_MEMBERSHIP';

const ENV_PY = `import os

from alembic import context
from sqlalchemy import MetaData

if ${JSON.stringify(VARIABLE)} in os.environ:
    target_metadata = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s", "pk": "pk_%(table_name)s"})
else:
    target_metadata = None


def run_migrations_offline():
    context.configure(url="postgresql://u@h/d", literal_binds=True, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_offline()
`;

const MIGRATION = `from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("ecosystems", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(255)))
    op.create_unique_constraint(None, "ecosystems", ["name"])


def downgrade():
    op.drop_table("ecosystems")
`;

test('`"NAME" in os.environ` in env.py picks target_metadata as the variable is set or not', async () => {
  const dir = offlineProject('env-variable-membership-', { 'migrations/versions/a1_ecosystems.py': MIGRATION }, '', ENV_PY);
  const previous = process.env[VARIABLE];
  try {
    delete process.env[VARIABLE];
    const unset = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.match(unset, /ALTER TABLE ecosystems ADD UNIQUE \(name\);/);
    // The result is cached per file: the variable is one of its inputs.
    process.env[VARIABLE] = '1';
    const set = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.match(set, /ADD CONSTRAINT uq_ecosystems_name UNIQUE \(name\)/);
  } finally {
    if (previous === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = previous;
  }
});
