// DROP TABLE of a partitioned table drops its partitions too. RedHatInsights/insights-host-inventory's
// 5d158622cabd drops hosts_app_data_image_builder, whose partitions an earlier revision made with
// CREATE TABLE ... PARTITION OF, and its downgrade makes the table and the partitions again: the
// downgrade was said to make a partition "which upgrade() did not remove".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const MAKE = `    op.create_table(
        "events",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id", name="pk_events"),
        postgresql_partition_by="HASH (org_id)",
    )
    for i in range(2):
        op.execute(f"CREATE TABLE events_p{i} PARTITION OF events FOR VALUES WITH (MODULUS 2, REMAINDER {i})")
`;

const HISTORY = `# === revision: p1 (down: none)
def upgrade():
${MAKE}
def downgrade():
    op.drop_table("events")

# === revision: p2 (down: p1)
def upgrade():
    op.drop_table("events")

def downgrade():
${MAKE}`;

const PARTITION_USED_AFTER = `${HISTORY}
# === revision: p3 (down: p2)
def upgrade():
    op.add_column("events_p0", sa.Column("note", sa.Text()))

def downgrade():
    op.drop_column("events_p0", "note")
`;

function findings(history: string, code: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: [code] })
    .filter((problem) => problem.code === code)
    .map((problem) => `${problem.file.split('/').pop()}:${problem.range.start.line + 1}: ${problem.message}`);
}

test('a downgrade that makes again a dropped partitioned table and its partitions reverses the upgrade', () => {
  assert.deepEqual(findings(HISTORY, 'downgrade-does-not-reverse'), []);
});

test('a partition is gone after its parent is dropped: a later ALTER of it fails', () => {
  const found = findings(PARTITION_USED_AFTER, 'unknown-table');
  assert.equal(found.filter((line) => line.includes('002_p3.py')).length >= 1, true, found.join('\n'));
});

const ATTACHED = `# === revision: q1 (down: none)
def upgrade():
    op.execute("CREATE TABLE readings (at date NOT NULL, value numeric) PARTITION BY RANGE (at)")
    op.execute("CREATE TABLE readings_2025 (at date NOT NULL, value numeric)")
    op.execute("CREATE TABLE readings_2024 (at date NOT NULL, value numeric)")
    op.execute("ALTER TABLE readings ATTACH PARTITION readings_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
    op.execute("ALTER TABLE readings ATTACH PARTITION readings_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
    op.execute("ALTER TABLE readings DETACH PARTITION readings_2024")

def downgrade():
    op.execute("DROP TABLE readings_2024")
    op.execute("DROP TABLE readings")

# === revision: q2 (down: q1)
def upgrade():
    op.drop_table("readings")
    op.add_column("readings_2025", sa.Column("note", sa.Text()))
    op.add_column("readings_2024", sa.Column("note", sa.Text()))

def downgrade():
    pass
`;

test('a partition attached with ATTACH PARTITION goes with its parent; a detached one stays', () => {
  const found = findings(ATTACHED, 'unknown-table').filter((line) => line.includes('001_q2.py'));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /readings_2025/);
});
