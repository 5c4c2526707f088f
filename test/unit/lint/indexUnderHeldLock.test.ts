// CREATE INDEX after an ALTER TABLE of the same table in the same transaction (cloudumi, held-out
// sweep AT): the ACCESS EXCLUSIVE lock is held already, so the build blocks reads too.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const INDEX_AFTER_ALTER = `# === revision: i1 (down: none)
def upgrade():
    op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("code", sa.Text()))

def downgrade():
    op.drop_table("items")

# === revision: i2 (down: i1)
def upgrade():
    op.create_index("ix_items_code", "items", ["code"])
    op.add_column("items", sa.Column("kind", sa.Text()))
    op.create_index("ix_items_kind", "items", ["kind"])

def downgrade():
    op.drop_index("ix_items_kind", table_name="items")
    op.drop_column("items", "kind")
    op.drop_index("ix_items_code", table_name="items")
`;

test('an index built after an ALTER TABLE of its table in the same transaction says reads wait too', () => {
  const written = writeFixtureHistory(INDEX_AFTER_ALTER);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['create-index-not-concurrently'] }).filter((problem) => problem.code === 'create-index-not-concurrently');
  assert.equal(found.length, 2, found.map((problem) => problem.message).join('\n'));
  assert.match(found[0].message, /takes a SHARE lock on "items", which blocks/);
  assert.match(found[1].message, /while the transaction holds the ACCESS EXCLUSIVE lock it took on "items" \(line \d+\), so reads of it wait for the build too/);
});
