// An index built on a materialized view without CONCURRENTLY (hasadna/open-bus-stride-db, held-out
// sweep AH): its SHARE lock blocks REFRESH MATERIALIZED VIEW, not the application's writes, which
// do not reach a materialized view. The finding says so, at a lower severity than on a table.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("rides", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("route", sa.Integer()))
    op.execute("CREATE MATERIALIZED VIEW rides_by_route AS SELECT route, count(*) AS n FROM rides GROUP BY route")

def downgrade():
    op.execute("DROP MATERIALIZED VIEW rides_by_route")
    op.drop_table("rides")

# === revision: b2 (down: a1)
def upgrade():
    op.execute("CREATE INDEX ix_rides_by_route_n ON rides_by_route (n)")
    op.create_index("ix_rides_route", "rides", ["route"])

def downgrade():
    op.drop_index("ix_rides_route", table_name="rides")
    op.execute("DROP INDEX ix_rides_by_route_n")
`;

test('an index on a materialized view is reported as blocking its refresh, as information', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['create-index-not-concurrently'] }).filter((problem) => problem.code === 'create-index-not-concurrently');
  const byLine = new Map(found.map((problem) => [problem.range.start.line, problem]));
  assert.equal(found.length, 2, found.map((problem) => problem.message).join('\n'));
  const [onView, onTable] = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, problem]) => problem);
  assert.equal(onView.severity, 'information');
  assert.match(onView.message, /materialized view "rides_by_route"/);
  assert.match(onView.message, /blocks REFRESH MATERIALIZED VIEW/);
  assert.doesNotMatch(onView.message, /INSERT/);
  assert.equal(onTable.severity, 'warning');
  assert.match(onTable.message, /blocks INSERT, UPDATE and DELETE/);
});
