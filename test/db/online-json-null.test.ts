// None and JSON columns in a live run's data statements. SQLAlchemy's JSON type binds None as
// JSON's `null` (unless none_as_null=True), also given as `sa.literal(None, sa.JSON)` or
// `sa.cast(None, JSONB)`, while a comparison with None is `IS NULL`, the SQL constant. Lens sent
// `j IS 'null'` (a syntax error, 42601, where Alembic succeeds), SQL NULL for the literal and the
// cast, and `2` for the float 2.0 (json.dumps gives `2.0`, which JSONB keeps); found by a
// generator of typed values run live by both. Run live on PostgreSQL by the real Alembic 1.20 and
// by Lens from the same history: the same rows up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

const docs = 'docs = sa.table("docs", sa.column("id", sa.Integer), sa.column("j", sa.JSON), sa.column("jb", postgresql.JSONB), sa.column("hit", sa.Integer))\n\n';

const VERSIONS = {
  'f1_docs.py': `${migrationHeader('f1', undefined, IMPORTS)}${docs}
def upgrade():
    op.create_table("docs", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("j", sa.JSON()), sa.Column("jb", postgresql.JSONB()), sa.Column("hit", sa.Integer()))
    op.bulk_insert(docs, [{"id": 1, "j": None, "jb": None}])
    op.execute("INSERT INTO docs (id) VALUES (2)")


def downgrade():
    op.drop_table("docs")
`,
  'f2_nulls.py': `${migrationHeader('f2', 'f1', IMPORTS)}${docs}
def upgrade():
    op.execute(docs.update().where(docs.c.j == None).values(hit=1))  # noqa: E711
    op.execute(docs.update().where(docs.c.jb.is_not(None)).values(hit=2))
    op.execute(docs.insert().values(id=3, j=sa.literal(None, sa.JSON), jb=sa.cast(None, postgresql.JSONB)))
    op.execute(docs.insert().values(id=4, j=2.0, jb=2.0))
    op.execute(docs.update().where(docs.c.id == 4).values(hit=sa.cast(2.0, sa.Integer)))


def downgrade():
    op.execute(docs.delete().where(docs.c.id >= 3))
    op.execute(docs.update().where(docs.c.jb.is_(None)).values(hit=None))
`,
};

test('None in a live run\'s JSON values is JSON null and in a comparison IS NULL, 2.0 stays 2.0, as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-json-null-', VERSIONS);
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['f2']);
  assert.match(upgraded, /^1\tnull\tnull\t2$/m, 'JSON null is no SQL NULL');
  assert.match(upgraded, /^2\t\\N\t\\N\t1$/m);
  assert.match(upgraded, /^3\tnull\tnull\t\\N$/m);
  assert.match(upgraded, /^4\t2.0\t2.0\t2$/m, 'json.dumps(2.0) is 2.0');

  const downgraded = await migrateBoth(ini, databases, ['downgrade', 'f1']);
  assert.match(downgraded, /^2\t\\N\t\\N\t\\N$/m);
});
