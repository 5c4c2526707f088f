// DROP TABLE of a table with a foreign key takes ACCESS EXCLUSIVE on the table it references too
// (pg_locks on PostgreSQL 15), and the lock is held to the end of the transaction. bsgip/envoy's
// f18fbf983ca9 drops four log tables that reference calculation_log, then drops an index of
// calculation_log: that DROP INDEX waits for nothing more, yet it was reported, because the
// locks of the earlier DROP TABLE were asked of the schema after the table had gone (no foreign
// keys left to find). Each action's locks are now the ones it took when it ran.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: d1 (down: none)
def upgrade():
    op.create_table("runs", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("started", sa.DateTime(timezone=True)))
    op.create_table("run_logs", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id")))
    op.create_index("ix_runs_started", "runs", ["started"])

def downgrade():
    op.drop_table("run_logs")
    op.drop_table("runs")

# === revision: d2 (down: d1)
def upgrade():
    op.drop_table("run_logs")
    op.drop_index("ix_runs_started", table_name="runs")
    op.create_index("ix_runs_started_id", "runs", ["started", "id"])

def downgrade():
    pass
`;

test('a DROP INDEX after a DROP TABLE that locked its table through a foreign key is not reported', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['drop-index-not-concurrently', 'create-index-not-concurrently', 'lock-timeout-missing'] })
    .filter((problem) => problem.file.endsWith('001_d2.py'))
    .map((problem) => `${problem.range.start.line + 1} ${problem.code}: ${problem.message.slice(0, 190)}`);
  // Line 8 is the DROP TABLE: it locks run_logs and runs, and lock-timeout-missing names both.
  assert.ok(found.some((line) => line.startsWith('8 lock-timeout-missing') && line.includes('"run_logs" and "runs"')), found.join('\n'));
  assert.ok(!found.some((line) => line.startsWith('9 drop-index-not-concurrently')), found.join('\n'));
  // The index build is reported with the lock the DROP TABLE took (line 8), not the DROP INDEX's.
  assert.ok(found.some((line) => line.startsWith('10 create-index-not-concurrently') && line.includes('ACCESS EXCLUSIVE lock it took on "runs" (line 8)')), found.join('\n'));
});
