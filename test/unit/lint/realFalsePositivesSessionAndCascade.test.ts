// Findings that were false or overstated on public projects (invenio-accounts, MerginMaps,
// socorro), each reproduced by a small history, with the true positive next to it: the rule must
// still report the real problem.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Problem } from '../../../server/src/common/problem';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

/** Every finding of `code` in the history (fixture format: `# === revision: ID (down: PARENT)`). */
function problems(history: string, code: string, severity: Record<string, 'error' | 'warning' | 'information' | 'hint'> = {}): Problem[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: [code], severity }).filter((problem) => problem.code === code);
}

/** `file:line message` of every finding of `code`. */
function findings(history: string, code: string): string[] {
  return problems(history, code).map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.message}`);
}

// --- DROP CONSTRAINT ... CASCADE ------------------------------------------------------------

const INVENIO = `# === revision: a1 (down: none)
def upgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])

def downgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])
`;

/** The key is known (made by the upgrade): the CASCADE takes the foreign key on it along. */
const CASCADE_TAKES_KEY_ALONG = `# === revision: a1 (down: none)
def upgrade():
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])

def downgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
`;

/** A foreign key the upgrade made (it was not there before) that the downgrade makes again: left behind, CASCADE or not. */
const CASCADE_THEN_REMADE = `# === revision: a1 (down: none)
def upgrade():
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])

def downgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])
`;

/** The CASCADE on parent says nothing about a foreign key to another table. */
const CASCADE_OTHER_TABLE = `# === revision: a1 (down: none)
def upgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])
    op.create_foreign_key("fk_child_owner", "child", "owner", ["owner_id"], ["id"])

def downgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_pid", "child", "parent", ["pid"], ["id"])
`;

/** A foreign key on another key of parent (code) does not depend on the primary key dropped. */
const CASCADE_OTHER_KEY = `# === revision: a1 (down: none)
def upgrade():
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.create_foreign_key("fk_child_code", "child", "parent", ["code"], ["code"])

def downgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
`;

test('downgrade-does-not-reverse: DROP CONSTRAINT ... CASCADE drops the foreign keys on that key (invenio-accounts f2522cdd5fcd)', () => {
  // Which foreign keys the first CASCADE dropped is not known: the re-made one is no difference.
  assert.deepEqual(findings(INVENIO, 'downgrade-does-not-reverse'), []);
  // The key is known: its foreign key goes with it, nothing is left behind.
  assert.deepEqual(findings(CASCADE_TAKES_KEY_ALONG, 'downgrade-does-not-reverse'), []);
});

test('downgrade-does-not-reverse: what a CASCADE does not explain is still reported', () => {
  const remade = findings(CASCADE_THEN_REMADE, 'downgrade-does-not-reverse');
  assert.equal(remade.length, 1, JSON.stringify(remade));
  assert.match(remade[0], /: constraint fk_child_pid on child is left behind$/);
  const other = findings(CASCADE_OTHER_TABLE, 'downgrade-does-not-reverse');
  assert.equal(other.length, 1, JSON.stringify(other));
  assert.match(other[0], /: constraint fk_child_owner on child is left behind$/);
  const otherKey = findings(CASCADE_OTHER_KEY, 'downgrade-does-not-reverse');
  assert.equal(otherKey.length, 1, JSON.stringify(otherKey));
  assert.match(otherKey[0], /: constraint fk_child_code on child is left behind$/);
});

const NOT_NULL_AFTER_KEY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))

def downgrade():
    op.drop_table("items")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("ALTER TABLE parent DROP CONSTRAINT pk_parent CASCADE")
    op.create_primary_key("pk_parent", "parent", ["id"])
    op.alter_column("parent", "id", nullable=False)
    op.alter_column("items", "id", nullable=False)
    op.alter_column("items", "name", nullable=False)

def downgrade():
    pass

# === revision: c3 (down: b2)
def upgrade():
    op.drop_constraint("pk_parent", "parent", type_="primary")
    op.alter_column("parent", "id", nullable=False)

def downgrade():
    pass
`;

test('set-not-null: a column of a primary key in place is NOT NULL already, so nothing is scanned', () => {
  const found = findings(NOT_NULL_AFTER_KEY, 'set-not-null').map((line) => line.split(' ')[0]);
  // Not parent.id after its key is re-created (b2 line 10) nor items.id, the key create_table made
  // (line 11); items.name (line 12) is. Nor parent.id once its key is dropped (c3 line 9): b2 set it
  // NOT NULL, and dropping a key leaves its columns NOT NULL (checked on PGlite: attnotnull).
  assert.deepEqual(found, ['001_b2.py:12']);
});

// --- temporary tables -----------------------------------------------------------------------

const MERGIN = `# === revision: a1 (down: none)
def upgrade():
    op.execute("CREATE TEMPORARY TABLE tmp_ids AS SELECT id FROM project WHERE removed")
    op.execute("CREATE INDEX ix_tmp_ids ON tmp_ids (id)")
    op.execute("CREATE TEMP TABLE tmp_names (name text)")
    op.execute("CREATE TABLE tmp_batch (id int) ON COMMIT DROP")
    op.execute("SELECT id INTO TEMP tmp_selected FROM project")
    op.execute("UPDATE project SET state = 'gone' WHERE id IN (SELECT id FROM tmp_ids)")
    op.add_column("project", sa.Column("state", sa.Text()))

def downgrade():
    op.drop_column("project", "state")
`;

/** The same with a permanent table: it is left behind. */
const MERGIN_PERMANENT = MERGIN.replace('CREATE TEMPORARY TABLE tmp_ids', 'CREATE TABLE tmp_ids');

/** A session table shadowing a permanent one: dropping it leaves the permanent table in place. */
const SHADOW = `# === revision: a1 (down: none)
def upgrade():
    op.execute("CREATE TEMP TABLE orders AS SELECT * FROM orders WHERE archived")
    op.execute("DELETE FROM orders")
    op.execute("DROP TABLE orders")

def downgrade():
    pass

# === revision: b2 (down: a1)
def upgrade():
    op.add_column("orders", sa.Column("note", sa.Text()))

def downgrade():
    op.drop_column("orders", "note")
`;

const DROPPED_FOR_REAL = SHADOW.replace('    op.execute("CREATE TEMP TABLE orders AS SELECT * FROM orders WHERE archived")\n', '');

test('downgrade-does-not-reverse: a temporary table and its index are gone with the session (MerginMaps 57d0de13ce4a)', () => {
  assert.deepEqual(findings(MERGIN, 'downgrade-does-not-reverse'), []);
  const permanent = findings(MERGIN_PERMANENT, 'downgrade-does-not-reverse');
  assert.equal(permanent.length, 1, JSON.stringify(permanent));
  assert.match(permanent[0], /: table tmp_ids is left behind; index ix_tmp_ids is left behind$/);
});

test('temporary tables are not schema: no lock, backfill or unknown-table findings on them', () => {
  // An index on a session table locks out no other session.
  assert.deepEqual(findings(MERGIN, 'create-index-not-concurrently'), []);
  assert.equal(findings(MERGIN.replace('ON tmp_ids (id)', 'ON project (id)'), 'create-index-not-concurrently').length, 1);
  // Emptying it writes nothing another session sees; emptying the permanent orders is reported.
  assert.deepEqual(findings(SHADOW, 'unbatched-backfill'), []);
  assert.equal(findings(DROPPED_FOR_REAL, 'unbatched-backfill').length, 1);
  // Dropping the session table leaves the permanent orders: b2 may add a column to it.
  assert.deepEqual(findings(SHADOW, 'unknown-table'), []);
  const dropped = findings(DROPPED_FOR_REAL, 'unknown-table');
  assert.equal(dropped.length, 1, JSON.stringify(dropped));
  assert.match(dropped[0], /^001_b2\.py:8 table "orders" does not exist at this revision/);
});

test('a session table dropped as pg_temp.<name> is the session table, not a permanent one (healthcare-mrf-api 20260810110000)', () => {
  const history = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("terminal", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    op.drop_table("terminal")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("LOCK TABLE terminal IN ACCESS EXCLUSIVE MODE")
    op.execute("CREATE TEMP TABLE expected_b2 (id integer NOT NULL)")
    op.execute("INSERT INTO expected_b2 SELECT id FROM terminal")
    op.execute("CREATE INDEX ix_expected_b2 ON pg_temp.expected_b2 (id)")
    op.execute("DROP TABLE pg_temp.expected_b2")

def downgrade():
    pass
`;
  assert.deepEqual(findings(history, 'drop-table'), []);
  assert.deepEqual(findings(history, 'downgrade-does-not-reverse'), []);
  assert.deepEqual(findings(history, 'create-index-not-concurrently'), []);
  // A permanent table of another schema is still one.
  const permanent = findings(history.replace('DROP TABLE pg_temp.expected_b2', 'DROP TABLE audit.expected_b2'), 'drop-table');
  assert.equal(permanent.length, 1, JSON.stringify(permanent));
  assert.match(permanent[0], /dropping "audit\.expected_b2" deletes its rows/);
});

// --- NOT NULL column after TRUNCATE ---------------------------------------------------------

test('add-column-required-no-default: a DELETE ... WHERE true empties the table like a DELETE without WHERE (podcast-service)', () => {
  const history = `# === revision: a1 (down: none)
def upgrade():
    op.execute("delete from auth_sessions where true;")
    op.add_column("auth_sessions", sa.Column("refresh_token", sa.Text(), nullable=False))
    op.execute("delete from tokens where expires_at < now()")
    op.add_column("tokens", sa.Column("kind", sa.Text(), nullable=False))

def downgrade():
    pass
`;
  const found = problems(history, 'add-column-required-no-default');
  assert.deepEqual(found.map((problem) => [problem.range.start.line + 1, problem.severity]), [[9, 'warning'], [11, 'error']]);
});

const SOCORRO = `# === revision: a1 (down: none)
def upgrade():
    op.execute("TRUNCATE reports_duplicates")
    op.add_column("reports_duplicates", sa.Column("uuid", sa.Text(), nullable=False))
    op.execute("DELETE FROM signatures")
    op.add_column("signatures", sa.Column("first_build", sa.Numeric(), nullable=False))
    op.add_column("releases", sa.Column("build_type", sa.Text(), nullable=False))
    op.execute("TRUNCATE TABLE crashes")
    op.execute("INSERT INTO crashes SELECT * FROM crashes_backup")
    op.add_column("crashes", sa.Column("kind", sa.Text(), nullable=False))
    op.execute("TRUNCATE TABLE sessions")
    op.execute("COMMIT")
    op.add_column("sessions", sa.Column("kind", sa.Text(), nullable=False))

def downgrade():
    pass
`;

test('add-column-required-no-default: after TRUNCATE or DELETE in the same transaction, only the application hazard is left, as a warning (socorro)', () => {
  const found = problems(SOCORRO, 'add-column-required-no-default');
  const at = (line: number): Problem => {
    const problem = found.find((each) => each.range.start.line + 1 === line);
    assert.ok(problem, `a finding on line ${line}: ${JSON.stringify(found.map((each) => each.message))}`);
    return problem;
  };
  assert.equal(found.length, 5);
  const truncated = at(9);
  assert.equal(truncated.severity, 'warning');
  assert.doesNotMatch(truncated.message, /fails on a table with rows/);
  assert.match(truncated.message, /which the TRUNCATE on line 8 emptied earlier in this transaction: no existing row makes it fail, but once it commits, code of the running application that inserts into "reports_duplicates" without the column fails \(PostgreSQL error 23502\)/);
  // A DELETE leaves other sessions free to insert before the ALTER: said so.
  const deleted = at(11);
  assert.equal(deleted.severity, 'warning');
  assert.match(deleted.message, /which the DELETE on line 10 emptied .*a DELETE does not stop the running application's inserts/);
  // Not emptied, filled again after the TRUNCATE, or emptied in a transaction already committed: the full hazard.
  for (const line of [12, 15, 18]) {
    assert.equal(at(line).severity, 'error', `line ${line}`);
    assert.match(at(line).message, /fails on a table with rows \(PostgreSQL error 23502\)/);
  }
  // A severity configured for the code wins over the rule's own.
  const configured = problems(SOCORRO, 'add-column-required-no-default', { 'add-column-required-no-default': 'error' });
  assert.deepEqual(configured.map((problem) => problem.severity), ['error', 'error', 'error', 'error', 'error']);
});

// --- unchecked-statement, once per statement ------------------------------------------------

const SOCORRO_BULK_INSERT = `# === revision: a1 (down: none)
from sqlalchemy import types
from sqlalchemy.sql import table, column

class JSON(types.UserDefinedType):
    name = "json"

    def get_col_spec(self):
        return "JSON"

def upgrade():
    data_dictionary = table("data_dictionary", column("raw_field", sa.TEXT()), column("transforms", JSON()))
    op.bulk_insert(data_dictionary, [
        {"raw_field": "a", "transforms": "{}"},
        {"raw_field": "b", "transforms": "{}"},
        {"raw_field": "c", "transforms": "{}"},
    ])

def downgrade():
    pass
`;

test('unchecked-statement: an op.bulk_insert says why it is not checked once, not once per row (socorro 37004fc6e41e)', () => {
  const found = findings(SOCORRO_BULK_INSERT, 'unchecked-statement');
  assert.equal(found.length, 1, JSON.stringify(found));
  const reason = /the operation cannot be rendered to SQL \((.*)\)$/.exec(found[0])?.[1] ?? '';
  assert.equal(reason.split('SQLAlchemy has no literal rendering').length - 1, 1, reason);
  assert.match(reason, /\(3 times\)$/);
});
