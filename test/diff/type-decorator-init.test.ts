/**
 * A project's TypeDecorator whose `__init__` sets an argument before passing its keywords on
 * (kf-api-dataservice's `KfId`: `kwargs['length'] = 11`, then `super(KfId, self).__init__(*args,
 * **kwargs)`): the impl gets what the statements before the call left in them. The engine read the
 * arguments after it had given up on the super() call itself, so every migration using the type
 * (10 of 39 upgrades there) was refused. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MODEL = `from sqlalchemy.types import TypeDecorator, String


class KfId(TypeDecorator):
    impl = String
    cache_ok = True

    def __init__(self, *args, **kwargs):
        kwargs['length'] = 11
        super(KfId, self).__init__(*args, **kwargs)


class Prefixed(TypeDecorator):
    impl = String
    cache_ok = True

    def __init__(self, prefix="x", **kwargs):
        kwargs.setdefault("length", 20)
        super().__init__(**kwargs)
        self.prefix = prefix
`;

const MIGRATION = `"""kf ids

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from dataservice.api.common.model import KfId, Prefixed

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "participant",
        sa.Column("kf_id", KfId(), nullable=False),
        sa.Column("family_id", KfId(), nullable=True),
        sa.Column("code", Prefixed(prefix="p"), nullable=True),
        sa.Column("wide", Prefixed(length=40), nullable=True),
        sa.PrimaryKeyConstraint("kf_id"),
    )
    op.add_column("participant", sa.Column("other_id", KfId()))


def downgrade():
    op.drop_table("participant")
`;

test("a TypeDecorator whose __init__ changes kwargs before super().__init__(**kwargs) prints as Alembic prints it", async () => {
  const dir = offlineProject(
    'type-decorator-init-',
    {
      'dataservice/__init__.py': '',
      'dataservice/api/__init__.py': '',
      'dataservice/api/common/__init__.py': '',
      'dataservice/api/common/model.py': MODEL,
      'migrations/versions/a1_kf.py': MIGRATION,
    },
    'prepend_sys_path = .\n',
  );
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
