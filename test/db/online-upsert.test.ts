// A data migration's upsert, `sqlalchemy.dialects.postgresql.insert(...).on_conflict_do_nothing()`
// and `.on_conflict_do_update(...)` (held-out sweep list: Lens refused every one before). Run live
// on PostgreSQL by the real Alembic 1.20 and by Lens from the same history, over rows seeded by the
// first migration: both databases end with the same schema and the same rows, and downgrading
// both to the first revision gives the same rows again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects.postgresql import insert\n';

const plans = 'plans = sa.table("plans", sa.column("id", sa.Integer), sa.column("code", sa.String), sa.column("price", sa.Numeric), sa.column("hits", sa.Integer))\n\n';

const VERSIONS = {
  'u1_plans.py': `${migrationHeader('u1', undefined, IMPORTS)}${plans}
def upgrade():
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("price", sa.Numeric(8, 2)),
        sa.Column("hits", sa.Integer(), server_default="0", nullable=False),
    )
    op.bulk_insert(plans, [{"id": 1, "code": "basic", "price": 5}, {"id": 2, "code": "pro", "price": 20}])


def downgrade():
    op.drop_table("plans")
`,
  'u2_upsert.py': `${migrationHeader('u2', 'u1', IMPORTS)}${plans}
def upgrade():
    rows = insert(plans).values([{"id": 2, "code": "pro", "price": 25}, {"id": 3, "code": "team", "price": 50}])
    op.execute(rows.on_conflict_do_update(index_elements=["id"], set_={"price": rows.excluded.price, "hits": plans.c.hits + 1}))
    op.execute(insert(plans).values(id=4, code="basic", price=1).on_conflict_do_nothing(index_elements=["code"]))
    op.execute(insert(plans).values(id=1, code="basic", price=7).on_conflict_do_update(constraint="plans_pkey", set_={"price": 7}, where=plans.c.price < 6))


def downgrade():
    op.execute(insert(plans).values(id=2, code="pro", price=20).on_conflict_do_update(index_elements=["id"], set_={"price": 20, "hits": 0}))
    op.execute(plans.delete().where(plans.c.id == 3))
    op.execute(insert(plans).values(id=1, code="basic", price=5).on_conflict_do_update(index_elements=["id"], set_={"price": 5}))
`,
};

test('an upsert runs live through Lens as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-upsert-', VERSIONS);
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['u2']);
  // The seeded rows were changed as the upsert says, not only inserted.
  assert.match(upgraded, /^2\tpro\t25\.00\t1$/m);
  assert.match(upgraded, /^1\tbasic\t7\.00\t0$/m);
  assert.doesNotMatch(upgraded, /^4\t/m);

  const downgraded = await migrateBoth(ini, databases, ['downgrade', 'u1']);
  assert.match(downgraded, /^2\tpro\t20\.00\t0$/m);
});
