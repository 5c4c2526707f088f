// An unnamed index or constraint under a naming convention the engine cannot read (indico keeps
// its convention in the application) is an opaque step to the renderer; the lock rules still see
// what it adds, from the call's literal arguments.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { headerOf, lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const MIGRATIONS = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("rooms", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("owner_id", sa.BigInteger()), schema="booking")
    op.create_index(None, "rooms", ["owner_id"], schema="booking")

def downgrade():
    op.drop_table("rooms", schema="booking")

# === revision: b2 (down: a1)
def upgrade():
    op.create_index(None, "rooms", ["owner_id", "id"], unique=True, schema="booking")
    op.create_foreign_key(None, "rooms", "users", ["owner_id"], ["id"], source_schema="booking", referent_schema="users")
    op.create_foreign_key(None, "rooms", "users", ["owner_id"], ["id"], source_schema="booking", referent_schema="users", postgresql_not_valid=True)
    op.create_unique_constraint(None, "rooms", ["owner_id"], schema="booking")
    with op.get_context().autocommit_block():
        op.create_index(None, "rooms", ["id"], schema="booking", postgresql_concurrently=True)

def downgrade():
    pass
`;

test('unnamed objects under an unreadable naming convention are still linted', () => {
  const history = writeFixtureHistory(MIGRATIONS);
  // The convention lives in the application: the engine cannot read it.
  fs.writeFileSync(path.join(history.root, 'env.py'), 'from alembic import context\nfrom myapp.db import metadata\n\ncontext.configure(url="postgresql://", target_metadata=metadata)\n');
  const problems = lintFixtureRoot(history.root, { ...history.config, select: ['ALL'] });
  const found = (code: string) => problems.filter((problem) => problem.code === code).map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1}`);
  // The engine leaves them opaque (otherwise this test would show nothing about the lint).
  const b2File = path.join(history.root, 'versions', '001_b2.py');
  const opaque = interpretMigration(b2File, fs.readFileSync(b2File, 'utf8')).problems.filter((problem) => problem.code === 'opaque-step' && /naming convention/.test(problem.message));
  assert.equal(opaque.length, 5, JSON.stringify(opaque.map((problem) => problem.message)));
  const b2 = headerOf('b2', 'a1').split('\n').length - 1;
  // The index on the new table (a1) is not reported; the one on the existing table is.
  assert.deepEqual(found('create-index-not-concurrently'), [`001_b2.py:${b2 + 2}`]);
  assert.deepEqual(found('add-foreign-key-not-valid'), [`001_b2.py:${b2 + 3}`]);
  assert.deepEqual(found('add-unique-constraint'), [`001_b2.py:${b2 + 5}`]);
});

// healthcare-mrf-api's 20260214170000: the table's schema comes from a helper (`os.getenv(...) or
// "mrf"`), its key is an unnamed sa.PrimaryKeyConstraint, and env.py's metadata is the
// application's: the create_table is opaque for the key's name alone. Its indexes, right after,
// were reported as built on an existing table (it was not known to be made).
const SCHEMA_FROM_HELPER = `# === revision: a1 (down: none)
import os


def _schema():
    return os.getenv("DB_SCHEMA") or "mrf"


def upgrade():
    schema = _schema()
    op.create_table(
        "pricing_provider",
        sa.Column("provider_key", sa.BigInteger(), nullable=False),
        sa.Column("npi", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("provider_key"),
        schema=schema,
    )
    op.create_index("pricing_provider_npi_idx", "pricing_provider", ["npi"], schema=schema)
    op.add_column("pricing_provider", sa.Column("year", sa.Integer(), nullable=False), schema=schema)

def downgrade():
    op.drop_table("pricing_provider", schema=_schema())

# === revision: b2 (down: a1)
def upgrade():
    op.create_index("pricing_provider_year_idx", "pricing_provider", ["year"], schema="mrf")

def downgrade():
    op.drop_index("pricing_provider_year_idx", table_name="pricing_provider", schema="mrf")
`;

test('a table whose create_table is opaque only for its key name is new in its migration (healthcare-mrf-api 20260214170000)', () => {
  const history = writeFixtureHistory(SCHEMA_FROM_HELPER);
  fs.writeFileSync(path.join(history.root, 'env.py'), 'from alembic import context\nfrom myapp.db import metadata\n\ncontext.configure(url="postgresql://", target_metadata=metadata)\n');
  const problems = lintFixtureRoot(history.root, { ...history.config, select: ['ALL'] });
  const found = (code: string) => problems.filter((problem) => problem.code === code).map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.message}`);
  const a1File = path.join(history.root, 'versions', '000_a1.py');
  const opaque = interpretMigration(a1File, fs.readFileSync(a1File, 'utf8')).problems.filter((problem) => problem.code === 'opaque-step');
  assert.equal(opaque.length, 1, JSON.stringify(opaque.map((problem) => problem.message)));
  assert.match(opaque[0].message, /the name of this primary key comes from the naming convention/);
  // a1's index and NOT NULL column are on the table it makes; b2's index is on an existing one.
  const indexes = found('create-index-not-concurrently');
  assert.equal(indexes.length, 1, JSON.stringify(indexes));
  assert.match(indexes[0], /^001_b2\.py:\d+ CREATE INDEX pricing_provider_year_idx without CONCURRENTLY takes a SHARE lock on "mrf\.pricing_provider"/);
  assert.deepEqual(found('add-column-required-no-default'), []);
  assert.deepEqual(found('unknown-table'), []);
});
