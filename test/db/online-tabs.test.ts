// A tab in a live run's statement stays a tab. Alembic prints each `--sql` statement with its tabs
// turned into four spaces, but a live run executes the statement as compiled, so a tab inside a
// string literal (a Python value bound in an INSERT, or written in op.execute's SQL) reaches the
// table as a tab. Lens sent the printed text and stored four spaces (found by a generator of
// typed values run live by both). Run live on PostgreSQL by the real Alembic 1.20 and by Lens
// from the same history: the same rows up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const notes = 'notes = sa.table("notes", sa.column("id", sa.Integer), sa.column("body", sa.Text))\n\n';

const VERSIONS = {
  'e1_notes.py': `${migrationHeader('e1', undefined)}${notes}
def upgrade():
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    op.bulk_insert(notes, [{"id": 1, "body": "a\\tb"}])
    op.execute(notes.insert().values(id=2, body="c\\td"))
    op.execute("INSERT INTO notes (id, body) VALUES (3, 'e\\tf')")


def downgrade():
    op.drop_table("notes")
`,
  'e2_more.py': `${migrationHeader('e2', 'e1')}${notes}
def upgrade():
    op.execute(notes.update().where(notes.c.body == "a\\tb").values(body="x\\ty"))


def downgrade():
    op.execute(notes.update().where(notes.c.body == "x\\ty").values(body="a\\tb"))
`,
};

test('tabs in a live run\'s values and SQL text reach the table as tabs, as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-tabs-', VERSIONS);
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['e2']);
  // pg_dump writes a tab inside a value as \t.
  assert.match(upgraded, /^1\tx\\ty$/m);
  assert.match(upgraded, /^2\tc\\td$/m);
  assert.match(upgraded, /^3\te\\tf$/m);

  const downgraded = await migrateBoth(ini, databases, ['downgrade', 'e1']);
  assert.match(downgraded, /^1\ta\\tb$/m);
});
