// SQL Alembic renders from an operation that PostgreSQL rejects (a MySQL `ON UPDATE` in a
// server_default, held-out sweep GF's Primex-TaskManager) fails the deploy like a broken
// op.execute string: an error, pointing into the string it came from, not a note that the
// statement went unchecked. The table is still taken as made, so the index after it is one on a
// table of the same migration (no SHARE-lock warning).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { sourceOffsetInRendered } from '../../../server/src/lint/sql/pythonString';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("changed", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")),
    )
    op.create_index("ix_events_changed", "events", ["changed"])

def downgrade():
    op.drop_table("events")
`;

test('a create_table whose rendered SQL PostgreSQL rejects: one error inside the server_default string, the next index not flagged', () => {
  const written = writeFixtureHistory(HISTORY);
  const text = [...written.files.values()][0];
  const problems = lintFixtureRoot(written.root, { ...written.config, select: ['ALL'] }).filter((problem) => problem.code !== 'lock-timeout-missing');
  assert.deepEqual(
    problems.map((problem) => `${problem.code} ${problem.severity}`),
    ['sql-syntax-error error'],
    problems.map((problem) => problem.message).join('\n'),
  );
  const [problem] = problems;
  assert.match(problem.message, /^the SQL Alembic emits for this operation does not parse: syntax error at or near "ON"/);
  const line = text.split('\n')[problem.range.start.line];
  assert.equal(line.slice(problem.range.start.character, problem.range.start.character + 'ON UPDATE'.length), 'ON UPDATE');
});

test('a character of a rendered statement maps into the longest string literal of the call holding it', () => {
  const source = 'op.add_column("t", sa.Column("c", sa.Text(), server_default=sa.text("x +")))';
  const statement = 'ALTER TABLE t ADD COLUMN c TEXT DEFAULT x +';
  const plus = statement.length - 1;
  assert.equal(source[sourceOffsetInRendered(source, 0, source.length, statement, plus)!], '+');
  // The `t` of ALTER TABLE t: a one-character literal is no evidence, so no offset.
  assert.equal(sourceOffsetInRendered(source, 0, source.length, statement, statement.indexOf(' t ') + 1), undefined);
  // From the renderer itself (the type): no literal holds it.
  assert.equal(sourceOffsetInRendered(source, 0, source.length, statement, statement.indexOf('TEXT')), undefined);
});
