// `conn.execute(sa.text("... :name ..."), {"name": value})` in a live run: the parameters are
// bound (offline, Alembic's mock connection drops them and prints NULL: fixture dml_expressions).
// Run by the engine itself on a real PostgreSQL server, no Python involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { freshDatabase, lens, projectWithVersions, psql } from './onlineHelpers';

const MIGRATION = `"""a1

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("package", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("state", sa.Text()))
    op.execute("INSERT INTO package (id, state) VALUES (1, 'new'), (5, 'new')")
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE package SET state = :state WHERE id > :n"), {"state": "it's approved", "n": 3})


def downgrade():
    op.drop_table("package")
`;

test('conn.execute(text, params) binds the parameters in a live run', async () => {
  const ini = projectWithVersions('online-bind-parameters-', { 'a1_package.py': MIGRATION });
  const url = freshDatabase();
  const run = await lens(ini, url, ['upgrade', 'head'], {}, path.dirname(ini));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(psql(url, 'SELECT id, state FROM package ORDER BY id').trim(), "1|new\n5|it's approved");
});
