/**
 * Python that held-out histories use to build their statements (sweeps G and I): a lambda that
 * makes a column type (spiff-arena's `varchar_column = lambda: sa.String(length=255)`), a loop
 * over `itertools.product` of two literal tuples (pass-culture drops each trigger on each table),
 * and an enum member tested against a tuple of members (pass-culture's feature flags: `feature
 * not in FEATURES_DISABLED_BY_DEFAULT`). Compared with the real Alembic 1.20, upgrade and downgrade.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""helpers

Revision ID: a1
Revises:
"""
import enum
import itertools

from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


class Feature(enum.Enum):
    ENABLE_A = "Enables A"
    ENABLE_B = "Enables B"
    ENABLE_C = "Enables C"
    ENABLE_C_AGAIN = "Enables C"


FEATURES_DISABLED_BY_DEFAULT = (Feature.ENABLE_B, Feature.ENABLE_C_AGAIN)
TRIGGERS = ("audit_insert", "audit_update")
TABLES = ("offer", "stock")
varchar_column = lambda: sa.String(length=255)
sized = lambda length=32, *, collation=None: sa.String(length, collation=collation)


def column_maker():
    return lambda name: sa.Column(name, varchar_column(), nullable=True)


def upgrade():
    for feature in Feature:
        if feature not in FEATURES_DISABLED_BY_DEFAULT:
            op.execute("INSERT INTO feature (name, description, active) VALUES ('%s', '%s', true)" % (feature.name, feature.value))
        if feature == Feature.ENABLE_A or feature in [Feature.ENABLE_C]:
            op.execute("UPDATE feature SET active = false WHERE name = '%s'" % feature.name)
    for trigger, table in itertools.product(TRIGGERS, TABLES):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for table in itertools.chain(TABLES, ["booking"]):
        op.add_column(table, column_maker()("note"))
    op.add_column("offer", sa.Column("code", sized(collation="C")))
    op.add_column("offer", sa.Column("label", sized()))
    for pair in itertools.product("ab", repeat=2):
        op.execute("SELECT '%s'" % "".join(pair))


def downgrade():
    for table in ("booking",) + TABLES:
        op.drop_column(table, "note")
    op.drop_column("offer", "label")
    op.drop_column("offer", "code")
`;

test('lambdas, itertools.product / chain and enum members in a tuple of members print as Alembic prints them', async () => {
  const dir = offlineProject('lambda-product-', { 'migrations/versions/a1_helpers.py': MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
