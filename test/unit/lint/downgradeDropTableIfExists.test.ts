// An upgrade that drops, with DROP TABLE IF EXISTS, a table the history made, and a downgrade that
// does not make it again (hngprojects/legal-watch-dog-be's f1a2b3c4d5e6 drops ticket_invited_users,
// held-out sweep GF). The history shows the table, so IF EXISTS finds it: the finding must name
// the table, not only its primary key (which was all it said, the table's own state being taken
// as unknown while the key on it was taken as sure).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.execute("CREATE TABLE IF NOT EXISTS invited_guests (ticket_id uuid NOT NULL, user_id uuid NOT NULL, PRIMARY KEY (ticket_id, user_id))")

def downgrade():
    op.execute("DROP TABLE invited_guests")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("DROP TABLE IF EXISTS invited_guests CASCADE")
    op.execute("CREATE TABLE IF NOT EXISTS guest_passes (id uuid PRIMARY KEY, email text NOT NULL)")

def downgrade():
    op.execute("DROP TABLE IF EXISTS guest_passes CASCADE")
`;

function findings(history: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: ['downgrade-does-not-reverse'] })
    .filter((problem) => problem.code === 'downgrade-does-not-reverse')
    .map((problem) => problem.message);
}

test('a table the history made, dropped IF EXISTS and not made again, is named as not restored', () => {
  const found = findings(HISTORY);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /table invited_guests is not restored/);
});

test('a downgrade that makes it again is not reported', () => {
  const restored = HISTORY.replace(
    '    op.execute("DROP TABLE IF EXISTS guest_passes CASCADE")\n',
    '    op.execute("DROP TABLE IF EXISTS guest_passes CASCADE")\n    op.execute("CREATE TABLE invited_guests (ticket_id uuid NOT NULL, user_id uuid NOT NULL, PRIMARY KEY (ticket_id, user_id))")\n',
  );
  assert.deepEqual(findings(restored), []);
});

test('a table the history does not show, dropped IF EXISTS, is not reported', () => {
  const unknown = HISTORY.replace('CREATE TABLE IF NOT EXISTS invited_guests (ticket_id uuid NOT NULL, user_id uuid NOT NULL, PRIMARY KEY (ticket_id, user_id))', 'SELECT 1').replace('DROP TABLE invited_guests', 'SELECT 1');
  assert.deepEqual(findings(unknown), []);
});
