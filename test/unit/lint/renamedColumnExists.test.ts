// A column added under a name an earlier rename gave another column (SAY-DAO/backend's
// 5f6dcf3000eb, held-out sweep AH): the finding names the rename, not the revision that made the
// column under its old name.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("country", sa.String()))

def downgrade():
    op.drop_table("users")

# === revision: b2 (down: a1)
def upgrade():
    op.alter_column("users", "country", new_column_name="country_code")

def downgrade():
    op.alter_column("users", "country_code", new_column_name="country")

# === revision: c3 (down: b2)
def upgrade():
    op.add_column("users", sa.Column("country_code", sa.String()))

def downgrade():
    pass

# === revision: d4 (down: c3)
def upgrade():
    op.execute('ALTER TABLE users RENAME COLUMN id TO ident')
    op.add_column("users", sa.Column("ident", sa.Integer()))

def downgrade():
    pass
`;

test('object-already-exists names the rename that gave a column its name', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['object-already-exists'] }).filter((problem) => problem.code === 'object-already-exists');
  const messages = found.map((problem) => problem.message);
  assert.equal(found.length, 2, messages.join('\n'));
  assert.match(messages[0], /column "users\.country_code" already exists at this revision \(revision b2 renamed country to it, and nothing since removed it\)/);
  assert.match(messages[1], /column "users\.ident" already exists at this revision \(this migration renamed id to it above, and nothing since removed it\)/);
});
