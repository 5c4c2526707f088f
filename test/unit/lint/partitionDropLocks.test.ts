// DROP TABLE of a partition takes ACCESS EXCLUSIVE on its parent too (pg_locks on PostgreSQL 15:
// `DROP TABLE sph_1` in a transaction holds AccessExclusiveLock on `sph`). TomaszMurek1/stock-scout's
// downgrades drop a market's partition of stock_price_history, then delete the market's row: the
// lock rules named only the dropped partition, never the parent whose readers wait.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: s1 (down: none)
def upgrade():
    op.execute("CREATE TABLE prices (market_id integer NOT NULL, price numeric) PARTITION BY LIST (market_id)")
    op.execute("CREATE TABLE prices_ams PARTITION OF prices FOR VALUES IN (1)")
    op.execute("CREATE TABLE prices_ger PARTITION OF prices FOR VALUES IN (2)")

def downgrade():
    op.execute("DROP TABLE prices")

# === revision: s2 (down: s1)
def upgrade():
    op.execute("DROP TABLE prices_ams")
    op.execute("UPDATE prices SET price = 0 WHERE price IS NULL")

def downgrade():
    pass
`;

test('a DROP TABLE of a partition is taken to lock its parent', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['backfill-under-exclusive-lock'] }).filter((problem) => problem.code === 'backfill-under-exclusive-lock');
  assert.equal(found.length, 1, found.map((problem) => problem.message).join('\n'));
  assert.match(found[0].message, /ACCESS EXCLUSIVE lock on "prices_ams" \(line \d+\), "prices" \(line \d+\)/);
});
