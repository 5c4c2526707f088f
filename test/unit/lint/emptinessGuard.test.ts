// add-column-required-no-default after a DO block that stops the migration unless the table is
// empty: found on EndurantDevs/healthcare-mrf-api, whose 20260808220000 locks five tables, raises
// `..._requires_empty_slice` if three of them hold a row, then adds `nppes_admission_ref varchar(50)
// NOT NULL` to those three. "fails on a table with rows (23502)" was false there: no row can be
// left. What stays true is the running application's inserts, as after a TRUNCATE (a warning).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const CODE = 'add-column-required-no-default';

/** Severity and message of each finding of `code` in revision b (made tables t and u in a; its last statement `last`). */
function reported(upgradeOfB: string, code = CODE, last = 'op.execute("ALTER TABLE t ADD COLUMN ref varchar(50) NOT NULL")'): { severity: string; message: string }[] {
  const history = `# === revision: a (down: none)
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("kind", sa.Text()))
    op.create_table("u", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    op.drop_table("u")
    op.drop_table("t")

# === revision: b (down: a)
def upgrade():
${upgradeOfB}
    ${last}

def downgrade():
    op.drop_column("t", "ref")
`;
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: [code] })
    .filter((problem) => problem.code === code && path.basename(problem.file).endsWith('_b.py'))
    .map((problem) => ({ severity: String(problem.severity), message: problem.message }));
}

const guard = (condition: string, branch = "RAISE EXCEPTION 'requires_empty' USING ERRCODE = '55000';") =>
  `    op.execute("""
        DO $block$ BEGIN
            IF ${condition}
            THEN
                ${branch}
            END IF;
        END; $block$;
    """)`;

test('a guard that raises unless the table is empty, under a LOCK TABLE: no row can make the ADD COLUMN fail', () => {
  const found = reported(`    op.execute("LOCK TABLE t, u IN ACCESS EXCLUSIVE MODE")
${guard('EXISTS (SELECT 1 FROM u LIMIT 1) OR EXISTS (SELECT 1 FROM t LIMIT 1)')}`);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.notEqual(found[0].severity, 'error');
  assert.match(found[0].message, /^adding NOT NULL column "ref" without a server default to "t", which the check on line \d+ \(it raises an error if the table has a row\) found empty earlier in this transaction: no existing row makes it fail, but once it commits/);
});

test('the same guard without a lock: the inserts of the running application in between are named', () => {
  const found = reported(guard('EXISTS (SELECT 1 FROM t)'));
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.notEqual(found[0].severity, 'error');
  assert.match(found[0].message, /found empty earlier in this transaction: no existing row makes it fail \(the check does not stop the running application's inserts/);
});

test('a check that proves less than an empty table leaves the error', () => {
  const failsOnRows = /^adding NOT NULL column "ref" without a server default fails on a table with rows \(PostgreSQL error 23502\)/;
  for (const upgrade of [
    guard("EXISTS (SELECT 1 FROM t WHERE kind = 'x' LIMIT 1)"),
    guard('EXISTS (SELECT 1 FROM t) AND EXISTS (SELECT 1 FROM u)'),
    guard('EXISTS (SELECT 1 FROM ONLY t)'),
    guard('EXISTS (SELECT 1 FROM t LIMIT 0)'),
    guard('EXISTS (SELECT 1 FROM t)', "RAISE NOTICE 'not empty';"),
    guard('EXISTS (SELECT 1 FROM u)'),
    `${guard('EXISTS (SELECT 1 FROM t)')}\n    op.execute("INSERT INTO t (id) VALUES (1)")`,
    `${guard('EXISTS (SELECT 1 FROM t)')}\n    op.execute("COMMIT")`,
  ]) {
    const found = reported(upgrade);
    assert.equal(found.length, 1, `${upgrade}\n${JSON.stringify(found)}`);
    assert.equal(found[0].severity, 'error', upgrade);
    assert.match(found[0].message, failsOnRows, upgrade);
  }
});

test('an index or a unique constraint built on a table found empty under a strong enough LOCK TABLE is not reported, as after a TRUNCATE', () => {
  const index = ['create-index-not-concurrently', 'op.create_index("ix_t_kind", "t", ["kind"])'] as const;
  const unique = ['add-unique-constraint', 'op.create_unique_constraint("uq_t_kind", "t", ["kind"])'] as const;
  const check = guard('EXISTS (SELECT 1 FROM t LIMIT 1)');
  const lockedIn = (mode: string) => `    op.execute("LOCK TABLE t IN ${mode} MODE")\n${check}`;
  for (const [code, last] of [index, unique]) assert.deepEqual(reported(lockedIn('ACCESS EXCLUSIVE'), code, last), [], code);
  // SHARE blocks the writes an index build blocks, not the reads an ACCESS EXCLUSIVE lock blocks.
  assert.deepEqual(reported(lockedIn('SHARE'), ...index), []);
  assert.equal(reported(lockedIn('SHARE'), ...unique).length, 1);
  // Without a lock the application may write between the check and the build; without the check the table may hold rows.
  for (const [code, last] of [index, unique]) {
    assert.equal(reported(check, code, last).length, 1, code);
    assert.equal(reported('    op.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")', code, last).length, 1, code);
  }
});
