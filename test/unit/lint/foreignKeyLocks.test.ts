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
    // CREATE TABLE's key (PostgreSQL named it notes_account_id_fkey) is still there; the others are gone.
    '003_k4.py: notes, accounts',
  ]);
});

test('a key made with CREATE TABLE, named or not, is found by its name; adding a key locks both tables', () => {
  const history = writeFixtureHistory(`# === revision: m1 (down: none)
def upgrade():
    op.create_table("parents", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("children", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("parent_id", sa.Integer()), sa.Column("other_id", sa.Integer()), sa.ForeignKeyConstraint(["parent_id"], ["parents.id"], name="children_parent_fk"), sa.ForeignKeyConstraint(["other_id"], ["parents.id"]))
    op.execute("CREATE TABLE pets (id integer PRIMARY KEY, owner_id integer REFERENCES parents (id))")

def downgrade():
    pass

# === revision: m2 (down: m1)
# mautrix/telegram's 2228d49c383f (held-out sweep Z): the key is dropped by the name CREATE TABLE gave it.
def upgrade():
    op.drop_constraint("children_parent_fk", "children", type_="foreignkey")

def downgrade():
    op.create_foreign_key("children_parent_fk", "children", "parents", ["parent_id"], ["id"])

# === revision: m3 (down: m2)
# Unnamed keys are named by PostgreSQL: <table>_<columns>_fkey.
def upgrade():
    op.drop_constraint("children_other_id_fkey", "children", type_="foreignkey")

def downgrade():
    pass

# === revision: m4 (down: m3)
def upgrade():
    op.drop_column("pets", "owner_id")

def downgrade():
    pass
`);
  const locked = lintFixtureRoot(history.root, { ...history.config, select: ['lock-timeout-missing'] })
    .filter((problem) => problem.code === 'lock-timeout-missing')
    .map((problem) => {
      const lock = (problem.data as { lock?: { mode?: string; tables?: string[] } } | undefined)?.lock;
      return `${path.basename(problem.file)}:${problem.range.start.line + 1} ${lock?.mode}: ${(lock?.tables ?? []).join(', ')}`;
    })
    .sort();
  assert.deepEqual(locked, [
    // The downgrade's create_foreign_key checks the rows under SHARE ROW EXCLUSIVE on both tables.
    '001_m2.py:12 ShareRowExclusiveLock: children, parents',
    '001_m2.py:9 AccessExclusiveLock: children, parents',
    '002_m3.py:9 AccessExclusiveLock: children, parents',
    '003_m4.py:8 AccessExclusiveLock: pets, parents',
  ]);
});

// op.add_column(..., sa.ForeignKey(...)) prints ADD COLUMN, then ADD FOREIGN KEY: the key's check
// runs while the transaction holds the ADD COLUMN's ACCESS EXCLUSIVE lock on the table (reads
// blocked too), and locks the referenced table (pg_locks on PostgreSQL 15; held-out sweep AQ,
// git.sr.ht and todo.sr.ht). The finding said SHARE ROW EXCLUSIVE and listed the table alone.
const ADDED_WITH_COLUMN = `# === revision: f1 (down: none)
def upgrade():
    op.create_table("par", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("child", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    op.drop_table("child")
    op.drop_table("par")

# === revision: f2 (down: f1)
def upgrade():
    op.add_column("child", sa.Column("pid", sa.Integer(), sa.ForeignKey("par.id")))
    op.create_foreign_key("fk_child_other", "child", "par", ["id"], ["id"])

def downgrade():
    op.drop_column("child", "pid")
`;

test('a foreign key added after ADD COLUMN names the ACCESS EXCLUSIVE lock already held and locks the referenced table too', () => {
  const written = writeFixtureHistory(ADDED_WITH_COLUMN);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['add-foreign-key-not-valid'] }).filter((problem) => problem.code === 'add-foreign-key-not-valid');
  assert.equal(found.length, 2, found.map((problem) => problem.message).join('\n'));
  for (const finding of found) {
    assert.match(finding.message, /while the ACCESS EXCLUSIVE lock the transaction took on "child" \([^)]+\) blocks its reads and writes and a SHARE ROW EXCLUSIVE lock on "par" blocks its writes/);
    assert.deepEqual((finding.data as { lock?: { tables: string[] } }).lock?.tables, ['child', 'par']);
  }
});

test('the ADD COLUMN of the same op.add_column() line is named as such, not by its line number', () => {
  const written = writeFixtureHistory(ADDED_WITH_COLUMN);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['add-foreign-key-not-valid'] }).filter((problem) => problem.code === 'add-foreign-key-not-valid');
  const fromColumn = found.find((problem) => !problem.message.includes('fk_child_other'));
  assert.match(fromColumn?.message ?? '', /\(by the ADD COLUMN this line prints first\)/);
  assert.match(found.find((problem) => problem.message.includes('fk_child_other'))?.message ?? '', /\(line \d+\)/);
});
