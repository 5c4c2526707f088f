// unknown-table says which function removed the table: a downgrade is checked on the schema its
// own upgrade leaves, so a table that upgrade() renamed is gone for downgrade() because of
// upgrade(), not "above" in downgrade() (fedora-infra/pkgdb2's 2eef3c8402d0, held-out sweep Z).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

test('the reason names the function that removed the table', () => {
  const history = writeFixtureHistory(`# === revision: t1 (down: none)
def upgrade():
    op.create_table("Package", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    pass

# === revision: t2 (down: t1)
def upgrade():
    op.rename_table("Package", "package")

def downgrade():
    op.rename_table("Package", "package")
    op.drop_table("notes")
    op.add_column("notes", sa.Column("x", sa.Integer()))
`);
  const messages = lintFixtureRoot(history.root, { ...history.config, select: ['unknown-table'] })
    .filter((problem) => problem.code === 'unknown-table')
    .map((problem) => `${problem.range.start.line + 1}: ${problem.message}`);
  assert.deepEqual(messages, [
    `11: table "Package" does not exist at this revision: this migration's upgrade() dropped or renamed it, and downgrade() runs on what upgrade() leaves`,
    '13: table "notes" does not exist at this revision: this downgrade() dropped or renamed it above',
  ]);
});
