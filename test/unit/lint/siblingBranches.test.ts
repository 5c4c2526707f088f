// unknown-table and unknown-column trust only what this migration's ancestors did. The replay runs
// a branched history as one line: a table or column removed on a sibling branch (replayed before
// this one, though its upgrade may run after it, or never: aiida's alternative branches) is not
// gone for this migration; removed by an ancestor, it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf, lintFixtureRoot } from './fixtureHistory';

function lintHistory(files: [string, string | null, string[]][]): string[] {
  const versions = Object.fromEntries(files.map(([revision, down, upgrade]) => [`${revision}.py`, `${headerOf(revision, down ?? undefined)}\ndef upgrade():\n${upgrade.map((line) => `    ${line}\n`).join('')}\n\ndef downgrade():\n    pass\n`]));
  return lintFixtureRoot(makeEnvironment(versions, 'alembic-lens-siblings-'), defaultLintConfig())
    .filter((problem) => problem.code === 'unknown-table' || problem.code === 'unknown-column')
    .map((problem) => `${path.basename(problem.file)} ${problem.code}`)
    .sort();
}

const BASE: [string, null, string[]] = ['base', null, ['op.create_table("t", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("a", sa.Text()))', 'op.create_table("u", sa.Column("id", sa.BigInteger(), primary_key=True))']];
const REMOVES = ['op.drop_column("t", "a")', 'op.drop_table("u")'];
const USES = ['op.alter_column("t", "a", existing_type=sa.Text(), nullable=False)', 'op.add_column("u", sa.Column("c", sa.Text(), nullable=True))'];

test('a table or column removed on a sibling branch is not unknown to the other branch', async () => {
  await loadSqlParser();
  // base -> x1 (removes) and base -> y1 (uses): the replay runs x1 before y1, whose upgrade may run first.
  assert.deepEqual(lintHistory([BASE, ['x1', 'base', REMOVES], ['y1', 'base', USES]]), []);
});

test('removed by an ancestor, it is unknown', async () => {
  await loadSqlParser();
  assert.deepEqual(lintHistory([BASE, ['x1', 'base', REMOVES], ['x2', 'x1', USES]]), ['x2.py unknown-column', 'x2.py unknown-table']);
});

test('a column type changed on a sibling branch: the other branch still starts from the old type, and its change is a rewrite too (sweep BV)', async () => {
  await loadSqlParser();
  const base: [string, null, string[]] = ['base', null, ['op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("a", sa.Integer()))']];
  const widen = ['op.alter_column("t", "a", type_=sa.BigInteger(), existing_type=sa.Integer())'];
  const versions = Object.fromEntries(
    [base, ['b1', 'base', widen], ['b2', 'base', widen]].map(([revision, down, upgrade]) => [`${revision}.py`, `${headerOf(revision as string, (down as string | null) ?? undefined)}\ndef upgrade():\n${(upgrade as string[]).map((line) => `    ${line}\n`).join('')}\n\ndef downgrade():\n    pass\n`]),
  );
  const found = lintFixtureRoot(makeEnvironment(versions, 'alembic-lens-siblings-'), defaultLintConfig())
    .filter((problem) => problem.code === 'column-type-change')
    .map((problem) => path.basename(problem.file))
    .sort();
  assert.deepEqual(found, ['b1.py', 'b2.py']);
});

test('the replay runs sibling branches in the order `alembic upgrade heads` does: a column added on one branch to a table made on the other is there after the merge (sweep GI, pricing-app)', async () => {
  await loadSqlParser();
  // Alembic runs m's first parent's branch last: makes (which creates t2) runs before adds (which
  // alters t2), so t2.b exists when after inserts into it. Read in file order, adds came first,
  // its ADD COLUMN fell on a table not made yet, and after was told t2.b does not exist.
  const fileOf = (revision: string, down: string, upgrade: string[]): string => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down}\n\n\ndef upgrade():\n${upgrade.map((line) => `    ${line}\n`).join('')}\n\ndef downgrade():\n    pass\n`;
  const versions = {
    'r0.py': fileOf('r0', 'None', ['op.create_table("t", sa.Column("id", sa.BigInteger(), primary_key=True))']),
    'adds.py': fileOf('adds', '"r0"', ['op.add_column("t2", sa.Column("b", sa.BigInteger(), nullable=True))', 'op.drop_column("t2", "a")']),
    'makes.py': fileOf('makes', '"r0"', ['op.create_table("t2", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("a", sa.Text()))']),
    'm.py': fileOf('m', '("adds", "makes")', ['pass']),
    'after.py': fileOf('after', '"m"', ['op.execute("INSERT INTO t2 (b) VALUES (1)")', 'op.alter_column("t2", "b", existing_type=sa.BigInteger(), nullable=False)']),
  };
  const found = lintFixtureRoot(makeEnvironment(versions, 'alembic-lens-siblings-'), defaultLintConfig())
    .filter((problem) => problem.code === 'unknown-table' || problem.code === 'unknown-column')
    .map((problem) => `${path.basename(problem.file)} ${problem.code}`);
  assert.deepEqual(found, []);
});
