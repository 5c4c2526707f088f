// Dropping a foreign key (by name, with its column or with its table) takes ACCESS EXCLUSIVE on
// the table it references too (PostgreSQL removes the key's triggers there; pg_locks on
// PostgreSQL 15). The lint must know that for a table the replayed history never made (an initial
// schema written outside it, c2cgeoportal), whether the key came with CREATE TABLE or was added by
// name afterwards (create_foreign_key, ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: k1 (down: none)
def upgrade():
    op.create_table("notes", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("ledger_id", sa.BigInteger()), sa.Column("holder_id", sa.BigInteger()), sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("accounts.id")))
    op.create_foreign_key("fk_notes_ledger", "notes", "ledgers", ["ledger_id"], ["id"])
    op.execute("ALTER TABLE notes ADD CONSTRAINT fk_notes_holder FOREIGN KEY (holder_id) REFERENCES holders (id)")

def downgrade():
    op.drop_table("notes")

# === revision: k2 (down: k1)
def upgrade():
    op.drop_constraint("fk_notes_ledger", "notes", type_="foreignkey")

def downgrade():
    pass

# === revision: k3 (down: k2)
def upgrade():
    op.drop_column("notes", "holder_id")

def downgrade():
    pass

# === revision: k4 (down: k3)
def upgrade():
    op.drop_table("notes")

def downgrade():
    pass
`;

test('dropping a key added by name to a table the history never made locks that table too', () => {
  const history = writeFixtureHistory(HISTORY);
  const locked = lintFixtureRoot(history.root, { ...history.config, select: ['lock-timeout-missing'] })
    .filter((problem) => problem.code === 'lock-timeout-missing')
    .map((problem) => `${path.basename(problem.file)}: ${((problem.data as { lock?: { tables?: string[] } } | undefined)?.lock?.tables ?? []).join(', ')}`)
    .sort();
  assert.deepEqual(locked, [
    // k1's upgrade: CREATE TABLE's key locks accounts against writes (SHARE ROW EXCLUSIVE).
    '000_k1.py: accounts',
    // k1's downgrade drops the table: the table its CREATE TABLE key references and both added by name.
    '000_k1.py: notes, accounts, ledgers, holders',
    '001_k2.py: notes, ledgers',
    '002_k3.py: notes, holders',
    // k2 dropped a key by name, which may have been CREATE TABLE's unnamed one: that one is no
    // longer counted on, and the others are gone.
    '003_k4.py: notes',
  ]);
});
