/**
 * Column-type helpers that are plain functions named like classes: a held-out history (an
 * OpenStack Glance fork) keeps `def String(length): return sqlalchemy.types.String(length=length)`,
 * `Boolean()`, `Integer()` in a project module and builds every table of its first revision with
 * them. The engine took any capitalised project name for a class and refused the steps ("column
 * type imported from the application"), where Alembic prints the tables. A `def` is now followed
 * whatever its case; a class of the project named so is still what it was. Compared with the real
 * Alembic 1.20.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const SCHEMA_HELPERS = `"""Column types for the migrations, made by functions."""
import sqlalchemy.types


def String(length):
    return sqlalchemy.types.String(length=length)


def Boolean():
    return sqlalchemy.types.Boolean(create_constraint=True, name=None)


def DateTime():
    return sqlalchemy.types.DateTime(timezone=False)


def Numbered(kind="big"):
    """A helper with a branch: the engine follows the one Python takes."""
    if kind == "big":
        return sqlalchemy.types.BigInteger()
    return sqlalchemy.types.Integer()
`;

const MIGRATION = `"""images

Revision ID: g1
Revises:
"""
from alembic import op
import sqlalchemy as sa

from app.schema import Boolean, DateTime, Numbered, String

revision = "g1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "images",
        sa.Column("id", String(36), primary_key=True),
        sa.Column("name", String(255)),
        sa.Column("size", Numbered()),
        sa.Column("min_disk", Numbered("small"), nullable=False),
        sa.Column("protected", Boolean(), nullable=False, server_default=sa.sql.false()),
        sa.Column("created_at", DateTime(), nullable=False),
    )
    op.add_column("images", sa.Column("checksum", String(32)))


def downgrade():
    op.alter_column("images", "name", type_=String(512))
    op.drop_table("images")
`;

function project(): string {
  return offlineProject(
    'capitalized-helpers-',
    { 'app/__init__.py': '', 'app/schema.py': SCHEMA_HELPERS, 'migrations/versions/g1_images.py': MIGRATION },
    'prepend_sys_path = .\n',
  );
}

test('a capitalised function of the project returning a SQLAlchemy type is followed, as Python calls it', async () => {
  const dir = project();
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /id VARCHAR\(36\) NOT NULL/);
  assert.match(sql, /size BIGINT/);
  assert.match(sql, /min_disk INTEGER NOT NULL/);
  assert.match(sql, /ADD COLUMN checksum VARCHAR\(32\)/);
  await assertSameAsAlembic(dir, ['downgrade', 'g1:base', '--sql']);
});
