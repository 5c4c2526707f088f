// A column renamed by the upgrade that made its table, and a downgrade that drops the whole table:
// nothing is left to restore, yet downgrade-does-not-reverse said "column item.name is not
// restored; column item.title is left behind" (the rename's columns were tracked apart from the
// table, so dropping it did not take them). A rename on a table the history made before is still
// compared.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

function findings(history: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: ['downgrade-does-not-reverse'] })
    .filter((problem) => problem.code === 'downgrade-does-not-reverse')
    .map((problem) => problem.message);
}

test('a column renamed in the table the upgrade made goes with the table the downgrade drops', () => {
  for (const rename of [
    "    op.alter_column('item', 'name', new_column_name='title', existing_type=sa.String(50))\n",
    "    with op.batch_alter_table('item') as batch:\n        batch.alter_column('name', new_column_name='title')\n",
  ]) {
    const history = `# === revision: a1 (down: none)
def upgrade():
    op.create_table('item', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50)))
${rename}
def downgrade():
    op.drop_table('item')
`;
    assert.deepEqual(findings(history), [], rename);
  }
});

test('a column renamed on a table the history made before is compared with what the downgrade does', () => {
  const history = `# === revision: a1 (down: none)
def upgrade():
    op.create_table('item', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50)))

def downgrade():
    op.drop_table('item')

# === revision: b2 (down: a1)
def upgrade():
    op.alter_column('item', 'name', new_column_name='title')

def downgrade():
    pass
`;
  const found = findings(history.replace('    pass\n', "    op.add_column('item', sa.Column('other', sa.Integer))\n"));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /column item\.name is not restored/);
  assert.match(found[0], /column item\.title is left behind/);
  assert.deepEqual(findings(history.replace('    pass\n', "    op.alter_column('item', 'title', new_column_name='name')\n")), []);
});
