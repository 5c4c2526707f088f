/**
 * Column operators and type attributes of data migrations met in held-out histories (sweep G,
 * wazo-platform/xivo-manage-db): `col.startswith('SIP/')` in an UPDATE's WHERE, and the enum
 * re-typing helper `'ALTER TYPE {0} RENAME TO tmp_{0}'.format(type_.name)`. SQLAlchemy prints
 * startswith/endswith/contains (and their ILIKE forms) as LIKE against the pattern joined to a
 * `'%'` (doubled under psycopg2's paramstyle), the whole in parentheses. Compared with the real
 * Alembic 1.20, upgrade and downgrade.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""like affixes

Revision ID: a1
Revises:
"""
import enum

from alembic import op
import sqlalchemy as sa
from sqlalchemy import sql

revision = "a1"
down_revision = None

path = sql.table("schedule_path", sql.column("id", sa.Integer), sql.column("path"), sql.column("label", sa.String))
status = sa.Enum("ok", "failed", name="job_status")


class Colour(enum.Enum):
    red = 1
    blue = 2


colour = sa.Enum(Colour)
nameless = sa.Enum("a", "b")


def retype(type_, new_values):
    op.execute("ALTER TYPE {0} RENAME TO tmp_{0}".format(type_.name))
    new_type = sa.Enum(*new_values, name=type_.name)
    new_type.create(op.get_bind(), checkfirst=False)
    op.execute("DROP TYPE tmp_{}".format(type_.name))


def upgrade():
    op.execute(path.update().where(path.c.path.startswith("SIP/")).values(path=sa.func.replace(path.c.path, "SIP/", "PJSIP/")))
    op.execute(path.delete().where(path.c.label.endswith("a%b")))
    op.execute(path.update().where(sa.and_(path.c.label.contains("x"), path.c.id > 3)).values(label="y"))
    op.execute(path.update().where(path.c.label.istartswith("S_P", autoescape=True)).values(label="z"))
    op.execute(path.update().where(~path.c.label.iendswith("q", escape="^")).values(label="w"))
    op.execute(path.update().where(path.c.label.icontains(path.c.path)).values(label="v"))
    retype(status, status.enums + ["retried"])
    op.execute("COMMENT ON TYPE {} IS 'colour'".format(colour.name))
    op.execute("SELECT '{}'".format(nameless.name))


def downgrade():
    op.execute(path.update().where(sa.not_(path.c.path.startswith("PJSIP/"))).values(id=path.c.id + 1))
`;

test("startswith / endswith / contains and their ILIKE forms, and an Enum type's name and labels, print as Alembic prints them", async () => {
  const dir = offlineProject('like-affixes-', { 'migrations/versions/a1_like.py': MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
