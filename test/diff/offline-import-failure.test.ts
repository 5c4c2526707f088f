/**
 * A module-level `sa.inspect(op.get_context().bind)` (bazarr's migrations): under `--sql` the bind
 * is SQLAlchemy's mock connection, so the import itself raises NoInspectionAvailable and Alembic
 * prints no SQL; neither does the engine, which names the line. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""inspects the bind at import

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

bind = op.get_context().bind
insp = sa.inspect(bind)


def upgrade():
    op.add_column("t", sa.Column("x", sa.Integer()))


def downgrade():
    op.drop_column("t", "x")
`;

test('sa.inspect() of the offline bind at import fails --sql as Alembic fails it', async () => {
  const dir = temporaryFolder('offline-import-failure-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_inspect.py'), MIGRATION);
  // A second revision: Alembic imports every file, so a range without a1 fails as well.
  writeFile(path.join(dir, 'migrations', 'versions', 'b2_next.py'), MIGRATION.replace(/a1/g, 'b2').replace('down_revision = None', 'down_revision = "a1"').replace(/\nbind = .*\ninsp = .*\n/, '\n').replace(/"x"/g, '"y"'));
  for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'b2:a1', '--sql'], ['upgrade', 'a1:b2', '--sql']]) {
    const alembic = runAlembic(dir, args);
    assert.notEqual(alembic.code, 0, args.join(' '));
    assert.match(alembic.stderr, /NoInspectionAvailable/);
    const lens = await runLens(dir, args);
    assert.notEqual(lens.code, 0, args.join(' '));
    assert.match(lens.stderr, /a1_inspect\.py:13: .*when Alembic imports this file: sa\.inspect\(\) of op\.get_bind\(\) raises NoInspectionAvailable/);
    assert.doesNotMatch(lens.stdout, /ALTER TABLE/);
  }
});
