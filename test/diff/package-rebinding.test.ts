/**
 * env.py's target_metadata named through a package whose `__init__.py` rebinds a submodule's name
 * (bcgov/ppr: `from .db import db` in `models/__init__.py`, then `from ppr_api.models import db`):
 * after that import the package attribute is the object, not the submodule, so its naming
 * convention names the unnamed constraints, as Alembic names them. Compared with Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""unnamed constraints

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("registration", sa.Column("id", sa.Integer(), nullable=False), sa.Column("party_id", sa.Integer()), sa.PrimaryKeyConstraint("id"))
    op.create_foreign_key(None, "registration", "party", ["party_id"], ["id"])
    op.create_unique_constraint(None, "registration", ["party_id"])


def downgrade():
    op.drop_table("registration")
`;

for (const [label, target] of [['the object itself', 'db'], ['its .metadata', 'holder.metadata']] as const) {
  test(`a submodule's name rebound by the package's __init__ is the object (${label})`, async () => {
    const dir = temporaryFolder('package-rebinding-');
    writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
    const importLine = target === 'db' ? 'from app.models import db\n\ntarget_metadata = db' : 'from app.models import holder\n\ntarget_metadata = holder.metadata';
    writeFile(path.join(dir, 'migrations', 'env.py'), `from alembic import context\n\n${importLine}\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True, target_metadata=target_metadata)\nwith context.begin_transaction():\n    context.run_migrations()\n`);
    writeFile(path.join(dir, 'app', '__init__.py'), '');
    writeFile(path.join(dir, 'app', 'models', '__init__.py'), 'from .db import db\nfrom .holder import holder\n');
    const convention = 'naming_convention={"fk": "fk_%(table_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s", "uq": "uq_%(table_name)s_%(column_0_name)s"}';
    writeFile(path.join(dir, 'app', 'models', 'db.py'), `from sqlalchemy import MetaData\n\ndb = MetaData(${convention})\n`);
    writeFile(path.join(dir, 'app', 'models', 'holder.py'), `from sqlalchemy import MetaData\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass holder(DeclarativeBase):\n    metadata = MetaData(${convention})\n`);
    writeFile(path.join(dir, 'migrations', 'versions', 'a1_unnamed.py'), MIGRATION);
    await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  });
}
