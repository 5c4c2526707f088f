/**
 * env.py reaching its target_metadata through star imports (HHS/OPRE-OPS: `from models import *`,
 * `target_metadata = BaseModel.metadata`, with `models/__init__.py`'s `from .base import *`): the
 * naming convention of that MetaData names the constraints created without a name, as Alembic
 * names them. Every unnamed constraint was opaque before. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const ENV_PY = `from alembic import context

from models import *  # noqa: F403

target_metadata = BaseModel.metadata  # noqa: F405

context.configure(url="postgresql://u@h/d", literal_binds=True, target_metadata=target_metadata)
with context.begin_transaction():
    context.run_migrations()
`;

const BASE = `from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"})


class BaseModel(Base):
    __abstract__ = True
`;

const MIGRATION = `"""unnamed constraints

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("budget", sa.Column("id", sa.Integer(), nullable=False), sa.Column("can_id", sa.Integer()), sa.PrimaryKeyConstraint("id"))
    op.create_foreign_key(None, "budget", "can", ["can_id"], ["id"])


def downgrade():
    op.drop_table("budget")
`;

test('a target_metadata bound by star imports gives its naming convention, as Alembic uses it', async () => {
  const dir = temporaryFolder('star-import-metadata-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), ENV_PY);
  writeFile(path.join(dir, 'models', '__init__.py'), 'from .base import *  # noqa: F403\n');
  writeFile(path.join(dir, 'models', 'base.py'), BASE);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_unnamed.py'), MIGRATION);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
