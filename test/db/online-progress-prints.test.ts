// A migration that prints its progress with a time stamp (`print(f"[{datetime.now().isoformat()}]
// {msg}")`, conbench's migrations, live sweep GG) was refused live: `.isoformat()` of a clock
// reading counted as a call of unknown effect. A clock reading or a fresh uuid has no effect on
// the database, nor do its methods; the print writes only to the console. Run live by the real
// Alembic 1.20 and by Lens: the same database. `--sql` still refuses (Alembic's output would hold
// the printed line, which the engine cannot write).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, lens, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nimport uuid\nfrom datetime import datetime\n';

const MIGRATION = `${migrationHeader('p1', undefined, IMPORTS)}
def log(message):
    print(f"[{datetime.now().isoformat()}] {message}")


def upgrade():
    log("creating notes")
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    print("made at", datetime.utcnow().strftime("%H:%M"), "run", uuid.uuid4().hex[:8])
    op.execute("INSERT INTO notes (id, body) VALUES (1, 'a')")
    log("done")


def downgrade():
    log("dropping notes")
    op.drop_table("notes")
`;

test('progress prints of clock readings and uuids: a live run gives Alembic\'s database; --sql still refuses', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-progress-prints-', { 'p1_notes.py': MIGRATION });
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['p1']);
  assert.match(upgraded, /^1\ta$/m);
  await migrateBoth(ini, databases, ['downgrade', 'base']);
  assert.deepEqual(rows(databases.byLens), []);
  const offline = await lens(ini, databases.byLens, ['upgrade', 'head', '--sql']);
  assert.notEqual(offline.status, 0);
  assert.match(offline.stderr, /print\(\) of a value known only at run time/);
});
