// False positives found on public projects, each reproduced by a small history, and the true
// positive next to it where one was named: the rule must still report the real difference.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { defaultConstraintName } from '../../../server/src/lint/schema/constraintNames';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

/** `file:line message` of every finding of `code` in the history (fixture format: `# === revision: ID (down: PARENT)`). */
function findings(history: string, code: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: [code] })
    .filter((problem) => problem.code === code)
    .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.message}`);
}

const ONYX = `# === revision: a1 (down: none)
def upgrade():
    op.add_column("index_attempt", sa.Column("pair_id", sa.Integer(), nullable=True))
    op.drop_column("index_attempt", "connector_id")
    op.drop_column("index_attempt", "credential_id")
    op.create_index("ix_index_attempt_latest", "index_attempt", ["pair_id", "time_created"])

def downgrade():
    op.add_column("index_attempt", sa.Column("connector_id", sa.Integer()))
    op.add_column("index_attempt", sa.Column("credential_id", sa.Integer()))
    op.drop_column("index_attempt", "pair_id")
    op.create_index("ix_index_attempt_latest", "index_attempt", ["connector_id", "credential_id", "time_created"])
`;

const ONYX_HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("index_attempt", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("connector_id", sa.Integer()), sa.Column("credential_id", sa.Integer()), sa.Column("time_created", sa.DateTime()))
    op.create_index("ix_index_attempt_latest", "index_attempt", ["connector_id", "credential_id", "time_created"])

def downgrade():
    op.drop_table("index_attempt")

# === revision: b2 (down: a1)
def upgrade():
    op.add_column("index_attempt", sa.Column("pair_id", sa.Integer(), nullable=True))
    op.drop_column("index_attempt", "connector_id")
    op.drop_column("index_attempt", "credential_id")
    op.create_index("ix_index_attempt_latest", "index_attempt", ["pair_id", "time_created"])

def downgrade():
    op.add_column("index_attempt", sa.Column("connector_id", sa.Integer()))
    op.add_column("index_attempt", sa.Column("credential_id", sa.Integer()))
    op.drop_column("index_attempt", "pair_id")
    op.create_index("ix_index_attempt_latest", "index_attempt", ["connector_id", "credential_id", "time_created"])
`;

const PAGURE = `# === revision: a1 (down: none)
def upgrade():
    op.add_column("pull_requests", sa.Column("_status", sa.Text, nullable=True))
    op.create_foreign_key("pull_requests__status_fkey", "pull_requests", "status_pull_requests", ["_status"], ["status"], onupdate="CASCADE")
    op.drop_column("pull_requests", "status")
    op.alter_column("pull_requests", column_name="_status", new_column_name="status", nullable=False, existing_nullable=True)

def downgrade():
    op.add_column("pull_requests", sa.Column("_status", sa.Boolean, nullable=True))
    op.drop_column("pull_requests", "status")
    op.alter_column("pull_requests", column_name="_status", new_column_name="status", nullable=False, existing_nullable=True)
`;

const PAGURE_RENAMED_AWAY = `# === revision: a1 (down: none)
def upgrade():
    op.add_column("pull_requests", sa.Column("_status", sa.Text, nullable=True))
    op.create_foreign_key("pull_requests__status_fkey", "pull_requests", "status_pull_requests", ["_status"], ["status"])
    op.alter_column("pull_requests", column_name="_status", new_column_name="state")

def downgrade():
    op.alter_column("pull_requests", column_name="state", new_column_name="_status")
`;

const FASTAPI = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("user", sa.Column("id", sa.Integer(), nullable=False), sa.Column("email", sa.String()), sa.PrimaryKeyConstraint("id"))
    op.create_table("item", sa.Column("id", sa.Integer(), nullable=False), sa.Column("owner_id", sa.Integer(), nullable=False), sa.ForeignKeyConstraint(["owner_id"], ["user.id"]), sa.PrimaryKeyConstraint("id"))

def downgrade():
    op.drop_table("item")
    op.drop_table("user")

# === revision: b2 (down: a1)
def upgrade():
    op.add_column("user", sa.Column("new_id", sa.Uuid()))
    op.add_column("item", sa.Column("new_id", sa.Uuid()))
    op.add_column("item", sa.Column("new_owner_id", sa.Uuid(), nullable=True))
    op.drop_constraint("item_owner_id_fkey", "item", type_="foreignkey")
    op.drop_column("item", "owner_id")
    op.alter_column("item", "new_owner_id", new_column_name="owner_id")
    op.drop_column("user", "id")
    op.alter_column("user", "new_id", new_column_name="id")
    op.drop_column("item", "id")
    op.alter_column("item", "new_id", new_column_name="id")
    op.create_primary_key("user_pkey", "user", ["id"])
    op.create_primary_key("item_pkey", "item", ["id"])
    op.create_foreign_key("item_owner_id_fkey", "item", "user", ["owner_id"], ["id"])

def downgrade():
    op.add_column("user", sa.Column("old_id", sa.Integer, autoincrement=True))
    op.add_column("item", sa.Column("old_id", sa.Integer, autoincrement=True))
    op.add_column("item", sa.Column("old_owner_id", sa.Integer, nullable=True))
    op.drop_constraint("item_owner_id_fkey", "item", type_="foreignkey")
    op.drop_column("item", "owner_id")
    op.alter_column("item", "old_owner_id", new_column_name="owner_id")
    op.drop_column("user", "id")
    op.alter_column("user", "old_id", new_column_name="id")
    op.drop_column("item", "id")
    op.alter_column("item", "old_id", new_column_name="id")
    op.create_primary_key("user_pkey", "user", ["id"])
    op.create_primary_key("item_pkey", "item", ["id"])
    op.create_foreign_key("item_owner_id_fkey", "item", "user", ["owner_id"], ["id"])
`;

const OSPARC = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("file_meta_data", sa.Column("file_uuid", sa.String(), nullable=False), sa.Column("file_id", sa.String()), sa.Column("user_name", sa.String()), sa.PrimaryKeyConstraint("file_uuid"))

def downgrade():
    op.drop_table("file_meta_data")

# === revision: b2 (down: a1)
def upgrade():
    op.alter_column("file_meta_data", "file_id", existing_type=sa.VARCHAR(), nullable=False)
    op.drop_column("file_meta_data", "user_name")
    op.drop_column("file_meta_data", "file_uuid")
    op.create_primary_key("pk_file_meta_data", "file_meta_data", ["file_id"])

def downgrade():
    op.drop_constraint("pk_file_meta_data", "file_meta_data", "primary")
    op.add_column("file_meta_data", sa.Column("user_name", sa.VARCHAR(), nullable=True))
    op.add_column("file_meta_data", sa.Column("file_uuid", sa.VARCHAR(), nullable=True))
    op.create_primary_key("pk_file_meta_data", "file_meta_data", ["file_uuid"])
`;

const OPEN_ASSISTANT = `# === revision: a1 (down: none)
def upgrade():
    op.drop_table("user_stats")
    op.create_table("user_stats", sa.Column("user_id", sa.Uuid(), nullable=False), sa.Column("reply_ranked_3", sa.Integer(), nullable=False), sa.Column("leader_score", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("user_id"))

def downgrade():
    op.drop_column("user_stats", "reply_ranked_3")
    op.add_column("user_stats", sa.Column("reply_prompter", sa.Integer(), nullable=False))
`;

const OPEN_ASSISTANT_HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("user_stats", sa.Column("user_id", sa.Uuid(), nullable=False), sa.Column("leader_score", sa.Integer(), nullable=False), sa.Column("reply_prompter_ranked_3", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("user_id"))

def downgrade():
    op.drop_table("user_stats")

# === revision: b2 (down: a1)
def upgrade():
    op.drop_table("user_stats")
    op.create_table("user_stats", sa.Column("user_id", sa.Uuid(), nullable=False), sa.Column("leader_score", sa.Integer(), nullable=False), sa.Column("reply_ranked_3", sa.Integer(), nullable=False), sa.Column("streak_days", sa.Integer(), nullable=True), sa.PrimaryKeyConstraint("user_id"))

def downgrade():
    op.add_column("user_stats", sa.Column("reply_prompter_ranked_3", sa.Integer(), nullable=False))
    op.drop_column("user_stats", "reply_ranked_3")
`;

const CONDA_STORE = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("conda_package_build", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("package_id", sa.BigInteger()), sa.Column("build", sa.Text()), sa.UniqueConstraint("package_id", "build", name="_conda_package_build_uc"))
    op.drop_constraint("_conda_package_build_uc", "conda_package_build", type_="unique")
    op.add_column("conda_package_build", sa.Column("subdir", sa.Text()))
    op.create_unique_constraint("_conda_package_build_uc", "conda_package_build", ["package_id", "build", "subdir"])

def downgrade():
    op.drop_table("conda_package_build")
`;

const RENKU_TYPES = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(10)))

def downgrade():
    op.drop_table("users")

# === revision: b2 (down: a1)
def upgrade():
    op.alter_column("users", "id", type_=sa.INTEGER())
    op.alter_column("other", "id", existing_type=sa.Integer(), type_=sa.Integer())
    op.alter_column("users", "name", type_=sa.String(5))

def downgrade():
    pass
`;

const INT_KEYS = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("link", sa.Column("a_id", sa.Integer(), sa.ForeignKey("a.id"), primary_key=True), sa.Column("b_id", sa.Integer(), sa.ForeignKey("b.id"), primary_key=True))
    op.create_table("one", sa.Column("id", sa.Integer(), sa.ForeignKey("a.id"), primary_key=True))
    op.create_table("two", sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True))
    op.create_table("three", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    pass
`;

const RENKU_BACKFILL = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("data_connector_secrets", sa.Column("user_id", sa.String(36), nullable=False), sa.Column("name", sa.String(), nullable=False), sa.PrimaryKeyConstraint("user_id", "name"), schema="storage")
    op.create_index("ix_storage_data_connector_secrets_user_id", "data_connector_secrets", ["user_id"], unique=False, schema="storage")

def downgrade():
    op.drop_table("data_connector_secrets", schema="storage")

# === revision: b2 (down: a1)
def upgrade():
    op.drop_index("ix_storage_data_connector_secrets_user_id", table_name="data_connector_secrets", schema="storage")
    op.drop_table("data_connector_secrets", schema="storage")
    op.execute("DELETE FROM common.entity_slugs WHERE entity_slugs.data_connector_id IS NOT NULL")

def downgrade():
    pass
`;

const DROP_COLUMN = `# === revision: a1 (down: none)
def upgrade():
    op.drop_column("orders", "note")

def downgrade():
    pass
`;

test('downgrade-does-not-reverse: an index made again on the columns the upgrade dropped is restored (onyx 8a87bd6ec550)', () => {
  assert.deepEqual(findings(ONYX, 'downgrade-does-not-reverse'), []);
  // With the history: the index was on the dropped columns, and went with them.
  assert.deepEqual(findings(ONYX_HISTORY, 'downgrade-does-not-reverse'), []);
});

test('downgrade-does-not-reverse: a renamed column takes its foreign key along (Pagure 298891e63039)', () => {
  assert.deepEqual(findings(PAGURE, 'downgrade-does-not-reverse'), []);
  // Renamed back without dropping it: the key is still there, and the column is not restored.
  const left = findings(PAGURE_RENAMED_AWAY, 'downgrade-does-not-reverse');
  assert.equal(left.length, 1, JSON.stringify(left));
  assert.match(left[0], /constraint pull_requests__status_fkey on pull_requests is left behind/);
});

test('downgrade-does-not-reverse: create_primary_key("user_pkey") is the key create_table made without a name (full-stack-fastapi-template d98dd8ec85a3)', () => {
  assert.deepEqual(findings(FASTAPI, 'downgrade-does-not-reverse'), []);
});

test('downgrade-does-not-reverse: pk_file_meta_data is not file_meta_data_pkey (osparc-simcore 2cc556e5c52d)', () => {
  const found = findings(OSPARC, 'downgrade-does-not-reverse');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /constraint file_meta_data_pkey on file_meta_data is not restored/);
  assert.match(found[0], /constraint pk_file_meta_data on file_meta_data is left behind/);
});

test('downgrade-does-not-reverse: a table dropped and made again is compared with the table it was (Open-Assistant 7c98102efbca)', () => {
  // The old table's columns unknown: the new table's are not differences.
  assert.deepEqual(findings(OPEN_ASSISTANT, 'downgrade-does-not-reverse'), []);
  // Known from the history: only the real difference is named.
  const found = findings(OPEN_ASSISTANT_HISTORY, 'downgrade-does-not-reverse');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /: column user_stats\.streak_days is left behind$/);
});

test('downgrade-does-not-reverse: what the upgrade made on its own new table goes when the downgrade drops it (conda-store 16f65805dc8f)', () => {
  assert.deepEqual(findings(CONDA_STORE, 'downgrade-does-not-reverse'), []);
});

test('PostgreSQL names unnamed constraints table_columns_suffix, within 63 bytes', () => {
  assert.equal(defaultConstraintName('user', 'primaryKey', ['id']), 'user_pkey');
  assert.equal(defaultConstraintName('storage.orders', 'unique', ['a', 'b']), 'orders_a_b_key');
  assert.equal(defaultConstraintName('pull_requests', 'foreignKey', ['_status']), 'pull_requests__status_fkey');
  assert.equal(defaultConstraintName('orders', 'check', ['qty', 'qty']), 'orders_qty_check');
  assert.equal(defaultConstraintName('orders', 'check', ['qty', 'price']), 'orders_check');
  assert.equal(defaultConstraintName('orders', 'exclude', ['period']), undefined);
  // makeObjectName shortens the longer part first: 63 bytes in all.
  const long = defaultConstraintName('t'.repeat(40), 'foreignKey', ['c'.repeat(40)])!;
  assert.equal(long, `${'t'.repeat(29)}_${'c'.repeat(28)}_fkey`);
  assert.equal(Buffer.byteLength(long), 63);
});

test('column-type-change: the type the column already has is no rewrite (renku-data-services ce54fdbb40fe)', () => {
  const found = findings(RENKU_TYPES, 'column-type-change');
  // users.id is int4 from its create_table, other.id says existing_type=sa.Integer(); a shorter varchar is still reported.
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /^001_b2\.py:10 changing the type of "users\.name" to varchar\(5\)/);
});

test('int-primary-key: only a single sequence-filled integer key, said as what it is', () => {
  const found = findings(INT_KEYS, 'int-primary-key');
  // Not the composite link key (line 8) nor the integer foreign key that is the key (line 9).
  assert.deepEqual(found.map((line) => line.split(' ')[0]), ['000_a1.py:10', '000_a1.py:11']);
  assert.match(found[0], /"two\.id" is an int4 identity column, a 32-bit integer filled from a sequence/);
  assert.match(found[1], /"three\.id" is serial, a 32-bit integer filled from a sequence/);
});

test('lock modes take the article of their first sound ("an ACCESS EXCLUSIVE lock")', () => {
  const written = writeFixtureHistory(DROP_COLUMN);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['lock-timeout-missing'] }).filter((problem) => problem.code === 'lock-timeout-missing');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^this takes an ACCESS EXCLUSIVE lock on "orders"/);
});

test('backfill-under-exclusive-lock: drop_index(schema=) names its table with the schema, once (renku-data-services 3cf2adf9896b)', () => {
  const found = findings(RENKU_BACKFILL, 'backfill-under-exclusive-lock');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /holds an ACCESS EXCLUSIVE lock on "storage\.data_connector_secrets" \(line 8\), so every read and write of it waits/);
});

const ORCHEST = `# === revision: a (down: none)
def upgrade():
    op.create_table("p", sa.Column("id", sa.BigInteger(), nullable=False), sa.PrimaryKeyConstraint("id", name="p_pk"))
    op.create_table("meta", sa.Column("id", sa.BigInteger(), nullable=False), sa.Column("pid", sa.BigInteger()), sa.Column("code", sa.Text()), sa.PrimaryKeyConstraint("id", name="meta_pk"))
    op.create_foreign_key("fk_meta_p", "meta", "p", ["pid"], ["id"])
    op.create_check_constraint("ck_meta", "meta", "id > 0")
    op.create_unique_constraint("uq_meta_code", "meta", ["code"])

def downgrade():
    op.drop_table("meta")
    op.drop_table("p")

# === revision: b (down: a)
def upgrade():
    op.drop_constraint("fk_meta_p", "meta", type_="foreignkey")
    op.drop_table("meta")

def downgrade():
    op.create_table(
        "meta",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("pid", sa.BigInteger()),
        sa.Column("code", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="meta_pk"),
        sa.ForeignKeyConstraint(["pid"], ["p.id"], name="fk_meta_p"),
        sa.CheckConstraint("id > 0", name="ck_meta"),
        sa.UniqueConstraint("code", name="uq_meta_code"),
    )
`;

test('downgrade-does-not-reverse: constraints an ALTER added, made again inside create_table, are not called missing (orchest fba5d2815f9e, mindsdb, backend.ai, cr-connect-workflow 29bad12c9945)', () => {
  assert.deepEqual(findings(ORCHEST, 'downgrade-does-not-reverse'), []);
  // The primary key create_table does say: one made under another name is still a difference.
  const renamedKey = ORCHEST.replace('name="meta_pk"),\n        sa.ForeignKeyConstraint', 'name="meta_pkey2"),\n        sa.ForeignKeyConstraint');
  assert.notEqual(renamedKey, ORCHEST);
  const found = findings(renamedKey, 'downgrade-does-not-reverse');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0], /constraint meta_pk on meta is made again as meta_pkey2, under another name/);
});

const RECIDIVIZ = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))

def downgrade():
    op.drop_table("t")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("ALTER TABLE t RENAME TO u")
    op.execute("ALTER INDEX t_pkey RENAME TO u_pkey")

def downgrade():
    op.execute("ALTER INDEX u_pkey RENAME TO t_pkey")
    op.execute("ALTER TABLE u RENAME TO t")

# === revision: c3 (down: b2)
def upgrade():
    op.drop_table("u")

def downgrade():
    op.create_table("u", sa.Column("id", sa.Integer), sa.PrimaryKeyConstraint("id", name="u_pkey"))
`;

test("downgrade-does-not-reverse: ALTER INDEX renaming a primary key's index renames the key (Recidiviz 062929cfbc66)", () => {
  assert.deepEqual(findings(RECIDIVIZ, 'downgrade-does-not-reverse'), []);
  // Without the index rename the key keeps its old name, and a table made again under the new one differs.
  const found = findings(RECIDIVIZ.replace('    op.execute("ALTER INDEX t_pkey RENAME TO u_pkey")\n', ''), 'downgrade-does-not-reverse');
  assert.ok(found.some((finding) => /constraint t_pkey on u is made again as u_pkey, under another name/.test(finding)), JSON.stringify(found));
});

const STALKER = `# === revision: a1 (down: none)
def upgrade():
    op.execute('CREATE TYPE "TimeUnit" AS ENUM (\\'min\\', \\'h\\')')
    op.create_table("tasks", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("unit", sa.Text()))

def downgrade():
    op.drop_table("tasks")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.execute('ALTER TABLE tasks ALTER COLUMN unit TYPE "TimeUnit" USING unit::"TimeUnit"')

def downgrade():
    op.execute("SET lock_timeout = '5s'")
    op.execute("ALTER TABLE tasks ALTER COLUMN unit TYPE text")
`;

test('column-type-change names a quoted type as PostgreSQL does: "TimeUnit", not timeunit (stalker 46775e4a3d96)', () => {
  const found = findings(STALKER, 'column-type-change');
  assert.ok(found.some((finding) => finding.includes('to "TimeUnit" rewrites')), JSON.stringify(found));
  assert.ok(found.some((finding) => finding.includes('to text rewrites')), JSON.stringify(found));
});

const QUARK_ENUM = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("c", sa.Text()))

def downgrade():
    op.drop_table("t")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.alter_column("t", "c", existing_type=sa.Enum("a", "b"), type_=sa.Enum("a", "b", "c"))
    op.bulk_insert(sa.table("t", sa.column("c")), [{"c": "a"}])

def downgrade():
    pass
`;

test('a statement Alembic refuses in both modes (a nameless sa.Enum on PostgreSQL: quark) is an error; one only the offline SQL fails on (an untyped literal) stays information', () => {
  const written = writeFixtureHistory(QUARK_ENUM);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['unchecked-statement'] }).filter((problem) => problem.code === 'unchecked-statement');
  const enumFinding = found.find((problem) => problem.range.start.line === 8);
  assert.equal(enumFinding?.severity, 'error', JSON.stringify(found));
  assert.match(enumFinding?.message ?? '', /^Alembic fails here, under `--sql` and at deploy: PostgreSQL ENUM type requires a name/);
  const literal = found.find((problem) => problem.range.start.line === 9);
  assert.equal(literal?.severity, 'information', JSON.stringify(found));
});

const FIDESOPS_TIMESTAMPS = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("at", sa.DateTime()), sa.Column("at2", sa.DateTime()), sa.Column("at3", sa.DateTime()), sa.Column("seen", sa.DateTime(timezone=True)))

def downgrade():
    op.drop_table("t")

# === revision: b2 (down: a1)
def upgrade():
    op.alter_column("t", "at", type_=sa.DateTime(timezone=True))
    op.execute("SET LOCAL TimeZone = 'UTC'")
    op.alter_column("t", "at2", type_=sa.DateTime(timezone=True))
    op.execute("SET TIME ZONE 'Europe/Paris'")
    op.alter_column("t", "at3", type_=sa.DateTime(timezone=True))
    from sqlalchemy.dialects import postgresql
    op.alter_column("t", "seen", type_=postgresql.TIMESTAMP(precision=3))

def downgrade():
    pass
`;

test('column-type-change: timestamp to timestamptz rewrites unless the TimeZone is UTC, and says so (fidesops 530fb8533ca4; measured on PostgreSQL 15)', () => {
  const found = findings(FIDESOPS_TIMESTAMPS, 'column-type-change');
  // at2 follows its own recipe (SET LOCAL TimeZone = 'UTC'): not reported; at3 comes after another zone is set.
  assert.equal(found.length, 3, JSON.stringify(found));
  assert.match(found[1], /"t\.at3" to timestamptz rewrites/);
  assert.match(found[0], /"t\.at" to timestamptz rewrites .*unless the session's TimeZone is UTC: PostgreSQL 12 and later then keep the table's file \(indexes on the column are still built again\), so run op\.execute\("SET LOCAL TimeZone = 'UTC'"\)/);
  // To a lower precision PostgreSQL rewrites whatever the TimeZone.
  assert.match(found[2], /"t\.seen" to timestamp\(3\) rewrites .*add a new column/);
});

const PARTITIONED = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("p", sa.Column("id", sa.Integer()), sa.Column("k", sa.Integer()), sa.Column("a", sa.Integer()), sa.Column("b", sa.Integer()), postgresql_partition_by="RANGE (k)")
    op.create_table("r", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("plain", sa.Column("id", sa.Integer()), sa.Column("a", sa.Integer()))

def downgrade():
    pass

# === revision: b2 (down: a1)
def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.create_index("ix_p_a", "p", ["a"])
    op.create_foreign_key("fk_p_r", "p", "r", ["b"], ["id"])
    op.create_index("ix_plain_a", "plain", ["a"])
    op.execute("ALTER TABLE p SET UNLOGGED")
    op.execute("ALTER TABLE plain SET UNLOGGED")

def downgrade():
    pass

# === revision: c3 (down: b2)
def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.drop_index("ix_p_a", table_name="p")
    op.create_unique_constraint("uq_p_a", "p", ["a"])
    op.create_unique_constraint("uq_plain_a", "plain", ["a"])

def downgrade():
    pass
`;

test('on a partitioned table the advice is what PostgreSQL accepts there: no CONCURRENTLY, no NOT VALID (PostgreSQL 15 refuses both)', () => {
  const indexes = findings(PARTITIONED, 'create-index-not-concurrently');
  assert.equal(indexes.length, 2, JSON.stringify(indexes));
  assert.match(indexes.find((finding) => finding.includes('ix_p_a')) ?? '', /"p" is partitioned, where PostgreSQL refuses CONCURRENTLY: create the index ON ONLY "p"/);
  assert.match(indexes.find((finding) => finding.includes('ix_plain_a')) ?? '', /"plain".*use postgresql_concurrently=True/);
  const keys = findings(PARTITIONED, 'add-foreign-key-not-valid');
  assert.equal(keys.length, 1, JSON.stringify(keys));
  assert.match(keys[0], /"p" is partitioned, where PostgreSQL refuses NOT VALID: add the foreign key to each partition/);
  // A partitioned parent has no storage: SET UNLOGGED rewrites nothing there (PostgreSQL 15), a plain table it does.
  const rewrites = findings(PARTITIONED, 'table-rewrite');
  assert.deepEqual(rewrites.map((finding) => /"(\w+)"/.exec(finding)?.[1]), ['plain']);
  const drops = findings(PARTITIONED, 'drop-index-not-concurrently');
  assert.equal(drops.length, 1, JSON.stringify(drops));
  assert.match(drops[0], /"p" is partitioned, where PostgreSQL refuses DROP INDEX CONCURRENTLY/);
  // muoversi-server's stop_times (held-out sweep BJ): UNIQUE USING INDEX is refused there too, and
  // ADD CONSTRAINT builds new partition indexes rather than attach existing ones (PostgreSQL 15).
  const uniques = findings(PARTITIONED, 'add-unique-constraint');
  assert.equal(uniques.length, 2, JSON.stringify(uniques));
  assert.match(uniques.find((finding) => finding.includes('uq_p_a')) ?? '', /"p" is partitioned, where PostgreSQL refuses CONCURRENTLY and UNIQUE USING INDEX: enforce it with a unique index instead, created ON ONLY "p"/);
  assert.match(uniques.find((finding) => finding.includes('uq_plain_a')) ?? '', /then ADD CONSTRAINT \.\.\. UNIQUE USING INDEX$/);
});

const HYPERTABLE = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("events", sa.Column("ts", sa.DateTime(timezone=True), nullable=False))

def downgrade():
    op.drop_table("events")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("SELECT create_hypertable('events', 'ts', migrate_data => true)")
    op.execute("CALL audit.enable_tracking('events')")
    op.execute("SELECT setval('events_id_seq', (SELECT max(1) FROM events)), now(), pg_catalog.pg_advisory_xact_lock(1)")
    op.execute("SELECT count(*) FROM events WHERE lower(status) = 'x'")

def downgrade():
    pass
`;

test("a SELECT or CALL of a function the lint does not know (TimescaleDB's create_hypertable: hydro-evaluation) is reported as not checked; PostgreSQL's own value, sequence and lock functions are not", () => {
  const written = writeFixtureHistory(HYPERTABLE);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['unchecked-statement'] })
    .filter((problem) => problem.code === 'unchecked-statement')
    .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.severity} ${problem.message}`);
  assert.deepEqual(found, [
    "001_b2.py:8 information not checked by the safety lint: the SELECT calls create_hypertable(), whose effects on tables the lint does not know",
    "001_b2.py:9 information not checked by the safety lint: CALL runs the procedure audit.enable_tracking, whose effects on tables the lint does not know",
  ]);
});
