// Module-level code that reaches the migration context when Alembic imports a file (STRR's
// `category.create(op.get_bind(), checkfirst=True)` under the imports): Alembic runs it in every
// command over the folder, whatever the range, on a real PostgreSQL server. The engine does not
// run import-time code against a database: it refuses the run, naming the line, or hands it to
// the real Alembic with --python, which creates the type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { alembicPython, freshDatabase, lens, projectWithVersions, psql, psycopg2Url, requireAlembic, rows } from './onlineHelpers';

const FIRST = `"""a1\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("rental", sa.Column("id", sa.Integer(), primary_key=True))\n\n\ndef downgrade():\n    op.drop_table("rental")\n`;
const SECOND = `"""b2\n\nRevision ID: b2\nRevises: a1\n"""\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = "b2"\ndown_revision = "a1"\n\ncategory = postgresql.ENUM("FULL", "MULTI", name="category")\ncategory.create(op.get_bind(), checkfirst=True)\n\n\ndef upgrade():\n    op.add_column("rental", sa.Column("category", category, nullable=True))\n\n\ndef downgrade():\n    op.drop_column("rental", "category")\n`;

function project(): string {
  return projectWithVersions('online-import-time-', { 'a1_rental.py': FIRST, 'b2_category.py': SECOND });
}

test('import-time DDL: the run is refused with the line, even for a range without the file, and nothing is run', async () => {
  const ini = project();
  const url = freshDatabase();
  const run = await lens(ini, url, ['upgrade', 'a1'], {}, path.dirname(ini));
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /versions\/b2_category\.py:14: import of b2: module-level code runs through the migration context when Alembic imports this file/);
  assert.match(run.stderr, /error code: online-opaque-refused/);
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'rental'").trim(), '0');
});

test('import-time DDL: --python hands the run to Alembic, which creates the type before the migrations', async () => {
  requireAlembic();
  const ini = project();
  const url = freshDatabase();
  const run = await lens(ini, psycopg2Url(url), ['upgrade', 'head', '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' }, path.dirname(ini));
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /handing the run to Alembic/);
  assert.equal(psql(url, "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum JOIN pg_type t ON t.oid = enumtypid WHERE typname = 'category'").trim(), 'FULL,MULTI');
  assert.deepEqual(rows(url), ['b2']);
});
