// ARRAY values in a live run's data statements. SQLAlchemy's PostgreSQL dialects bind a list given
// to an ARRAY column with a cast to the column's array type (`%(tags_1)s::VARCHAR[]`), so
// `tags == ["b"]` compares VARCHAR[] with VARCHAR[] and an empty list has a type. Lens sent the
// bare literal, `ARRAY['b']` (TEXT[]: 42883, no operator varchar[] = text[]) and `ARRAY[]` (no
// type), and failed where Alembic succeeds (found by helper FD). Run live on PostgreSQL by the real
// Alembic 1.20 and by Lens from the same history: the same rows up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

const items = 'items = sa.table("items", sa.column("id", sa.Integer), sa.column("tags", postgresql.ARRAY(sa.String(20))), sa.column("scores", postgresql.ARRAY(sa.Integer)))\n\n';

const VERSIONS = {
  'a1_items.py': `${migrationHeader('a1', undefined, IMPORTS)}${items}
def upgrade():
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(20))),
        sa.Column("scores", postgresql.ARRAY(sa.Integer)),
    )
    op.bulk_insert(items, [{"id": 1, "tags": ["a"], "scores": [1, 2]}, {"id": 2, "tags": ["b"], "scores": []}, {"id": 3, "tags": [], "scores": [3]}])


def downgrade():
    op.drop_table("items")
`,
  'a2_tags.py': `${migrationHeader('a2', 'a1', IMPORTS)}${items}
def upgrade():
    op.execute(items.delete().where(items.c.tags == ["b"]))
    op.execute(items.update().where(items.c.tags == []).values(tags=["none"], scores=[]))
    op.execute(items.insert().values(id=4, tags=["x", "y"], scores=[7]))


def downgrade():
    op.execute(items.delete().where(items.c.scores == [7]))
    op.execute(items.update().where(items.c.tags == ["none"]).values(tags=[]))
`,
};

test('ARRAY values bound in a live run compare and insert as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-array-binds-', VERSIONS);
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['a2']);
  assert.doesNotMatch(upgraded, /^2\t/m, 'the row tagged b was deleted');
  assert.match(upgraded, /^3\t\{none\}\t\{\}$/m);

  const downgraded = await migrateBoth(ini, databases, ['downgrade', 'a1']);
  assert.match(downgraded, /^3\t\{\}\t\{\}$/m);
});
