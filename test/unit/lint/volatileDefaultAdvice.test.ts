// volatile-default's recipe for a NOT NULL column (data-act-broker's `SERIAL NOT NULL`, held-out
// sweep BA): "add the column without that default" alone would fail with 23502 on a table that has
// rows, so the advice adds it nullable and makes it NOT NULL after the backfill; a nullable
// column keeps the short recipe.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, ORDERS_TABLE_REVISION, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

test('the recipe for a NOT NULL column with a volatile default adds it nullable first', () => {
  const written = writeFixtureHistory(`${ORDERS_TABLE_REVISION}
# === revision: b2 (down: a1)
def upgrade():
    op.execute("ALTER TABLE orders ADD COLUMN affiliation_id SERIAL NOT NULL")
    op.add_column("orders", sa.Column("token", sa.UUID(), server_default=sa.text("gen_random_uuid()")))

def downgrade():
    op.drop_column("orders", "token")
    op.drop_column("orders", "affiliation_id")
`);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['volatile-default'] }).filter((problem) => problem.code === 'volatile-default');
  assert.equal(found.length, 2);
  assert.match(found[0].message, /add the column nullable and without that default, .*, backfill in batches, then make it NOT NULL/);
  assert.match(found[1].message, /add the column without that default, set the default afterwards \(it then applies to new rows only\), and backfill in batches$/);
});
