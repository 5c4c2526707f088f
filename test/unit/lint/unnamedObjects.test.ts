// An unnamed index or constraint under a naming convention the engine cannot read (indico keeps
// its convention in the application) is an opaque step to the renderer; the lock rules still see
// what it adds, from the call's literal arguments.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { headerOf, lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const MIGRATIONS = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("rooms", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("owner_id", sa.BigInteger()), schema="booking")
    op.create_index(None, "rooms", ["owner_id"], schema="booking")

def downgrade():
    op.drop_table("rooms", schema="booking")

# === revision: b2 (down: a1)
def upgrade():
    op.create_index(None, "rooms", ["owner_id", "id"], unique=True, schema="booking")
    op.create_foreign_key(None, "rooms", "users", ["owner_id"], ["id"], source_schema="booking", referent_schema="users")
    op.create_foreign_key(None, "rooms", "users", ["owner_id"], ["id"], source_schema="booking", referent_schema="users", postgresql_not_valid=True)
    op.create_unique_constraint(None, "rooms", ["owner_id"], schema="booking")
    with op.get_context().autocommit_block():
        op.create_index(None, "rooms", ["id"], schema="booking", postgresql_concurrently=True)

def downgrade():
    pass
`;

test('unnamed objects under an unreadable naming convention are still linted', () => {
  const history = writeFixtureHistory(MIGRATIONS);
  // The convention lives in the application: the engine cannot read it.
  fs.writeFileSync(path.join(history.root, 'env.py'), 'from alembic import context\nfrom myapp.db import metadata\n\ncontext.configure(url="postgresql://", target_metadata=metadata)\n');
  const problems = lintFixtureRoot(history.root, { ...history.config, select: ['ALL'] });
  const found = (code: string) => problems.filter((problem) => problem.code === code).map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1}`);
  // The engine leaves them opaque (otherwise this test would show nothing about the lint).
  const b2File = path.join(history.root, 'versions', '001_b2.py');
  const opaque = interpretMigration(b2File, fs.readFileSync(b2File, 'utf8')).problems.filter((problem) => problem.code === 'opaque-step' && /naming convention/.test(problem.message));
  assert.equal(opaque.length, 5, JSON.stringify(opaque.map((problem) => problem.message)));
  const b2 = headerOf('b2', 'a1').split('\n').length - 1;
  // The index on the new table (a1) is not reported; the one on the existing table is.
  assert.deepEqual(found('create-index-not-concurrently'), [`001_b2.py:${b2 + 2}`]);
  assert.deepEqual(found('add-foreign-key-not-valid'), [`001_b2.py:${b2 + 3}`]);
  assert.deepEqual(found('add-unique-constraint'), [`001_b2.py:${b2 + 5}`]);
});
