// unknown-table and unknown-column trust only what this migration's ancestors did. The replay runs
// a branched history as one line: a table or column removed on a sibling branch (replayed before
// this one, though its upgrade may run after it, or never: aiida's alternative branches) is not
// gone for this migration; removed by an ancestor, it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { lintEnvironment } from '../../../server/src/lint/environment';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { temporaryFolder } from '../../support/temporaryFolders';

function migration(revision: string, down: string | null, upgrade: string[]): string {
  return [
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision = "${revision}"`,
    `down_revision = ${down === null ? 'None' : `"${down}"`}`,
    '',
    '',
    'def upgrade():',
    ...upgrade.map((line) => `    ${line}`),
    '',
    '',
    'def downgrade():',
    '    pass',
    '',
  ].join('\n');
}

function lintHistory(files: [string, string | null, string[]][]): string[] {
  const root = temporaryFolder('alembic-lens-siblings-');
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/m\n');
  fs.mkdirSync(path.join(root, 'm', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'm', 'env.py'), 'from alembic import context\n');
  for (const [revision, down, upgrade] of files) fs.writeFileSync(path.join(root, 'm', 'versions', `${revision}.py`), migration(revision, down, upgrade));
  const index = buildWorkspaceIndex([root]);
  const { problems } = lintEnvironment(index, index.environments[0], defaultLintConfig(), interpretMigration);
  return problems
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
