/**
 * A migration's absolute import of a module that lies only in a `prepend_sys_path` folder beside
 * the migrations (cabotage's layout moved sideways, held-out sweep T): Alembic puts the folder
 * first on sys.path and finds the module; Lens looks there when no folder above the migration
 * holds it. Compared with the real Alembic 1.20; without the option, Alembic fails to import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""one

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from shop_sql.views import AUDIT_VIEW_SQL
from shop_sql.types import Money

revision = "a1"
down_revision = None


def upgrade():
    op.add_column("orders", sa.Column("total", Money()))
    op.execute(sa.text(AUDIT_VIEW_SQL))


def downgrade():
    op.execute("DROP VIEW audit_log")
    op.drop_column("orders", "total")
`;

function project(prependSysPath: string | undefined): string {
  const dir = temporaryFolder('prepend-sys-path-');
  writeFile(path.join(dir, 'alembic.ini'), `[alembic]\nscript_location = migrations\n${prependSysPath === undefined ? '' : `prepend_sys_path = ${prependSysPath}\n`}`);
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_one.py'), MIGRATION);
  // Beside the migrations, in no folder above them.
  writeFile(path.join(dir, 'lib', 'shop_sql', '__init__.py'), '');
  writeFile(path.join(dir, 'lib', 'shop_sql', 'views.py'), 'AUDIT_VIEW_SQL = "CREATE VIEW audit_log AS SELECT id, total FROM orders"\n');
  writeFile(path.join(dir, 'lib', 'shop_sql', 'types.py'), 'import sqlalchemy as sa\n\n\nclass Money(sa.types.TypeDecorator):\n    impl = sa.Numeric(12, 2)\n    cache_ok = True\n');
  return dir;
}

test('a module found only through prepend_sys_path: the same SQL as Alembic (a constant and a TypeDecorator)', async () => {
  for (const entry of ['lib', '%(here)s/lib', '. lib']) {
    const sql = await assertSameAsAlembic(project(entry), ['upgrade', 'head', '--sql']);
    assert.match(sql, /ALTER TABLE orders ADD COLUMN total NUMERIC\(12, 2\)/, entry);
    assert.match(sql, /CREATE VIEW audit_log AS SELECT id, total FROM orders/, entry);
  }
});

test('without prepend_sys_path Alembic cannot import the module, and Lens does not follow it either', async () => {
  const dir = project(undefined);
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /ModuleNotFoundError: No module named 'shop_sql'/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
});
