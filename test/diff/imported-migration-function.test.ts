/**
 * A migration whose `upgrade` / `downgrade` comes from another module (`from common_ops import
 * upgrade`, `upgrade = common_ops.upgrade_v2`, `from pkg.common import *`): Alembic imports the
 * file and calls that function. Lens reported "the migration has no upgrade() function" (or an
 * opaque binding) and printed nothing; it now runs the function as a helper of the project and
 * prints what Alembic prints, `-- Running <function's __name__>` included. A star import whose
 * `__all__` leaves the name out binds nothing, and both tools fail. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HEADER = `"""shared steps

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
`;

const COMMON = `from alembic import op
import sqlalchemy as sa

__all__ = ["upgrade"]


def upgrade():
    op.create_table("shared", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text))
    op.create_index("ix_shared_name", "shared", ["name"])


def upgrade_v2():
    op.add_column("shared", sa.Column("extra", sa.Integer))


def downgrade():
    op.drop_table("shared")
`;

function project(migration: string): string {
  return offlineProject('imported-migration-function-', {
    'migrations/versions/a1_shared.py': migration,
    'common_ops.py': COMMON.replace('__all__ = ["upgrade"]\n', ''),
    'pkg/__init__.py': '',
    'pkg/common.py': COMMON,
  }, 'prepend_sys_path = .\n');
}

for (const [name, body, running] of [
  ['from M import upgrade, downgrade', 'from common_ops import upgrade, downgrade\n\nrevision = "a1"\ndown_revision = None\n', 'upgrade'],
  ['upgrade = M.upgrade_v2', 'import common_ops\n\nrevision = "a1"\ndown_revision = None\nupgrade = common_ops.upgrade_v2\ndowngrade = common_ops.downgrade\n', 'upgrade_v2'],
  ['from M import * (its __all__ lists upgrade)', 'from pkg.common import *\n\nrevision = "a1"\ndown_revision = None\n\n\ndef downgrade():\n    op.drop_table("shared")\n', 'upgrade'],
] as const) {
  test(`${name}: Lens runs the imported function as Alembic does`, async () => {
    const dir = project(`${HEADER}${body}`);
    const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.ok(sql.includes(`-- Running ${running}  -> a1`), sql);
    await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  });
}

test("from M import * whose __all__ leaves downgrade out: downgrade fails in both tools", async () => {
  const dir = project(`${HEADER}from pkg.common import *\n\nrevision = "a1"\ndown_revision = None\n`);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  const alembic = runAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  assert.notEqual(alembic.code, 0);
  const lens = await runLens(dir, ['downgrade', 'a1:base', '--sql']);
  assert.equal(lens.code, 1, lens.stdout);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, /a1_shared\.py:\d+: downgrade\(\) of a1: downgrade is not defined in this file, and which function `from pkg\.common import \*` binds to it is not known/);
});
