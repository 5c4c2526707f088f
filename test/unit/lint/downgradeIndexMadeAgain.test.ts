// An index the history made, which a step the replay cannot follow may have dropped, made again
// by a plain CREATE INDEX and dropped by the downgrade (Worth-NL/notifications-api's 0426: 0043
// made ix_notification_history_created_at, 0327 drops it only outside production, behind an
// environment variable, and 0426 makes it again, held-out sweep GF). A CREATE INDEX without IF NOT
// EXISTS fails on an index that is there, so where it runs the index was not there: the downgrade
// that drops it undoes the upgrade, and "is not restored" was a false positive.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const historyWith = (c3Create: string): string => `# === revision: a1 (down: none)
def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("created_at", sa.DateTime(timezone=True)))
    op.create_index("ix_events_created_at", "events", ["created_at"])

def downgrade():
    op.drop_index("ix_events_created_at", table_name="events")
    op.drop_table("events")

# === revision: b2 (down: a1)
import os

environment = os.environ["DEPLOY_ENVIRONMENT"]

def upgrade():
    if environment != "production":
        op.execute("DROP INDEX IF EXISTS ix_events_created_at")

def downgrade():
    if environment != "production":
        op.execute("CREATE INDEX IF NOT EXISTS ix_events_created_at ON events (created_at)")

# === revision: c3 (down: b2)
def upgrade():
    ${c3Create}

def downgrade():
    op.drop_index("ix_events_created_at", table_name="events")
`;

function findingsOn(history: string, revisionFile: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: ['downgrade-does-not-reverse'] })
    .filter((problem) => problem.code === 'downgrade-does-not-reverse' && problem.file.endsWith(revisionFile))
    .map((problem) => problem.message);
}

test('an index made again by a plain CREATE INDEX and dropped by the downgrade is undone', () => {
  assert.deepEqual(findingsOn(historyWith('op.create_index("ix_events_created_at", "events", ["created_at"])'), '002_c3.py'), []);
});

test('with IF NOT EXISTS the history decides: the index was there, and the downgrade drops it', () => {
  const found = findingsOn(historyWith('op.create_index("ix_events_created_at", "events", ["created_at"], if_not_exists=True)'), '002_c3.py');
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /index ix_events_created_at is not restored/);
});

// The index went with its column: Worth-NL/notifications-api's 0162 drops services.organisation_id
// (PostgreSQL drops ix_services_organisation_id with it), and 0302 adds the column and the index
// again, which its downgrade drops. The history did not have the index any more before 0302.
const COLUMN_HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("services", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("organisation_id", sa.Integer()))
    op.create_index("ix_services_organisation_id", "services", ["organisation_id"])

def downgrade():
    op.drop_table("services")

# === revision: b2 (down: a1)
def upgrade():
    op.drop_column("services", "organisation_id")

def downgrade():
    op.add_column("services", sa.Column("organisation_id", sa.Integer()))
    op.create_index("ix_services_organisation_id", "services", ["organisation_id"])

# === revision: c3 (down: b2)
def upgrade():
    op.add_column("services", sa.Column("organisation_id", sa.Integer()))
    op.create_index("ix_services_organisation_id", "services", ["organisation_id"])

def downgrade():
    op.drop_index("ix_services_organisation_id", table_name="services")
    op.drop_column("services", "organisation_id")
`;

test('an index that went with its dropped column, made again with the column, is undone by dropping both', () => {
  assert.deepEqual(findingsOn(COLUMN_HISTORY, '002_c3.py'), []);
});
