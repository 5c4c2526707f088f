// A downgrade that makes a dropped table again with its primary key under another name
// (hasadna/open-bus-stride-db's c2828612a8ae: route_pkey comes back as pk_route, held-out sweep
// AH). The key is there; its name is not the one the history knows, so a later
// drop_constraint("route_pkey") fails. The finding says which name it came back under.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.execute("CREATE TABLE route (id serial PRIMARY KEY, name text)")

def downgrade():
    op.execute("DROP TABLE route")

# === revision: b2 (down: a1)
def upgrade():
    op.drop_table("route")

def downgrade():
    op.create_table("route", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.Text()), sa.PrimaryKeyConstraint("id", name="pk_route"))
`;

test('a constraint made again under another name is named in the finding', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['downgrade-does-not-reverse'] }).filter((problem) => problem.code === 'downgrade-does-not-reverse');
  assert.equal(found.length, 1, found.map((problem) => problem.message).join('\n'));
  assert.match(found[0].message, /constraint route_pkey on route is made again as pk_route, under another name/);
  assert.doesNotMatch(found[0].message, /is not restored/);
});
