// Python floats with an integral value (`2.0`) in a live run's bulk_insert rows: psycopg2 sends
// them as `2.0`, so a Numeric column keeps `2.0` (not `2`), JSONB stores the number 2.0 and a
// String column the text '2.0'; an Integer column stores 2. Lens refused such rows until the
// interpreter's int/float distinction reached the bulk_insert operation. Run live on PostgreSQL by
// the real Alembic 1.20 and by Lens from the same history: the same rows up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

const rates = 'rates = sa.table("rates", sa.column("id", sa.Integer), sa.column("price", sa.Numeric), sa.column("ratio", sa.Float), sa.column("whole", sa.Integer), sa.column("doc", postgresql.JSONB), sa.column("label", sa.String(20)))\n\n';

const FIRST = `${migrationHeader('f1', undefined, IMPORTS)}${rates}
def upgrade():
    op.create_table(
        "rates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("price", sa.Numeric()),
        sa.Column("ratio", sa.Float()),
        sa.Column("whole", sa.Integer()),
        sa.Column("doc", postgresql.JSONB()),
        sa.Column("label", sa.String(20)),
    )
    op.bulk_insert(rates, [{"id": 1, "price": 2.0, "ratio": 1e16, "whole": 3.0, "doc": 2.0, "label": 4.0}, {"id": 2, "price": float("10"), "ratio": -0.0, "whole": 7, "doc": None, "label": None}])
    op.bulk_insert(rates, [{"id": 3, "price": 5.0, "label": 6.0}], multiinsert=False)


def downgrade():
    op.drop_table("rates")
`;

test('integral floats in bulk_insert rows store as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-integral-floats-', { 'f1_rates.py': FIRST });
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['f1']);
  assert.match(upgraded, /^1\t2\.0\t1e\+16\t3\t2\.0\t4\.0$/m, 'Numeric keeps 2.0, JSONB the number 2.0, String the text 4.0');
  assert.match(upgraded, /^3\t5\.0\t\\N\t\\N\t\\N\t6\.0$/m);
  await migrateBoth(ini, databases, ['downgrade', 'base']);
});
