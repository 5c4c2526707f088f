// An index made under an `if` on a run-time condition (DeytaHQ/khora's 049 and 050 build it under
// `if not _has_index():`, 024 under `if is_postgres and full_precision_hnsw_supported():`), then
// dropped by a downgrade that drops its table next: the drop locks nothing the table's drop does
// not (4 wrong drop-index-not-concurrently on khora). The branch stays opaque to the renderer.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const GUARDS = `def _has_table():
    return sa.inspect(op.get_bind()).has_table(TABLE)

def _has_index(name):
    return any(ix["name"] == name for ix in sa.inspect(op.get_bind()).get_indexes(TABLE))
`;

const GUARDED_INDEX = `# === revision: k1 (down: none)
TABLE = "subscriptions"
INDEX = "ix_subscriptions_event"

${GUARDS}
def upgrade():
    if not _has_table():
        op.create_table(TABLE, sa.Column("id", sa.Integer(), primary_key=True), sa.Column("event", sa.Text()))
    if not _has_index(INDEX):
        op.create_index(INDEX, TABLE, ["event"])

def downgrade():
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
`;

const GUARDED_SQL_INDEX = `# === revision: k1 (down: none)
def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    if op.get_bind().execute(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar():
        op.execute("CREATE INDEX ix_events_body_trgm ON events USING gin (body gin_trgm_ops)")

def downgrade():
    op.execute("DROP INDEX IF EXISTS ix_events_body_trgm")
    op.drop_table("events")
`;

const DROPPED_LATER_ALONE = `${GUARDED_INDEX}
# === revision: k2 (down: k1)
def upgrade():
    op.execute("DROP INDEX IF EXISTS ix_subscriptions_event")

def downgrade():
    pass
`;

function findings(history: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: ['ALL'] }).map((problem) => `${problem.code}:${problem.range.start.line + 1}: ${problem.message}`);
}

test('an index built under `if not _has_index():` and dropped before its table is not a drop-index finding', () => {
  assert.deepEqual(findings(GUARDED_INDEX).filter((line) => line.startsWith('drop-index-not-concurrently')), []);
});

test('an index built by op.execute under a condition read from the database, dropped before its table, is not a finding', () => {
  assert.deepEqual(findings(GUARDED_SQL_INDEX).filter((line) => line.startsWith('drop-index-not-concurrently')), []);
});

test('a later migration dropping that index alone is still reported, on the table the branch named', () => {
  const found = findings(DROPPED_LATER_ALONE).filter((line) => line.startsWith('drop-index-not-concurrently'));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /DROP INDEX ix_subscriptions_event without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table "subscriptions"/);
});
