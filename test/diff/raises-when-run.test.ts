/**
 * A statement of upgrade() that raises whatever the database holds (SQLAlchemy 2 refuses
 * `MetaData(bind=...)`; a dict has no such key): Alembic fails there under --sql, and Alembic Lens
 * refuses with the reason and reports `raises-when-run`; inside a `try` it is left unchecked, not
 * reported. Compared with the real Alembic 1.20 and SQLAlchemy 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

function migration(upgradeBody: string): string {
  return `"""one

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
${upgradeBody}
    op.create_table("after", sa.Column("id", sa.Integer))


def downgrade():
    op.drop_table("after")
`;
}

function historyWith(upgradeBody: string): string {
  const dir = temporaryFolder('raises-when-run-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_one.py'), migration(upgradeBody));
  return dir;
}

async function problemsOf(dir: string): Promise<{ code: string; severity: string; message: string }[]> {
  const result = await runLens(dir, ['check', '--format', 'json']);
  return (JSON.parse(result.stdout) as { problems: { code: string; severity: string; message: string }[] }).problems;
}

const ARGS = ['upgrade', 'head', '--sql'];

for (const { name, body, python } of [
  { name: 'bound metadata, assigned', body: '    meta = sa.MetaData(bind=op.get_bind())', python: /TypeError: MetaData.__init__\(\) got an unexpected keyword argument 'bind'/ },
  { name: 'a missing key popped, as a bare expression', body: '    {"a": 1}.pop("b")', python: /KeyError: 'b'/ },
]) {
  test(`${name}: Alembic fails under --sql; Lens refuses with the reason and reports raises-when-run`, async () => {
    const dir = historyWith(body);
    const alembic = runAlembic(dir, ARGS);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, python);
    const lens = await runLens(dir, ARGS);
    assert.notEqual(lens.code, 0);
    assert.doesNotMatch(lens.stdout, /CREATE TABLE after/);
    const problems = await problemsOf(dir);
    const raised = problems.filter((problem) => problem.code === 'raises-when-run');
    assert.equal(raised.length, 1, JSON.stringify(problems));
    assert.equal(raised[0].severity, 'error');
    // Named as the failure it is, not as a statement the engine cannot read.
    assert.ok(!problems.some((problem) => problem.code === 'opaque-step'), JSON.stringify(problems));
  });
}

test('inside a try whose handler is bare or catches Exception, Alembic goes on with the handler; so does Lens (the same SQL)', async () => {
  for (const handler of ['except Exception:', 'except:', 'except (ValueError, Exception) as error:']) {
    const dir = historyWith(
      `    try:\n        meta = sa.MetaData(bind=op.get_bind())\n    ${handler}\n        meta = sa.MetaData()\n` +
        `    try:\n        op.create_table("before", sa.Column("id", sa.Integer))\n        op.create_index()\n    ${handler}\n        op.create_table("caught", sa.Column("id", sa.Integer))`,
    );
    const sql = await assertSameAsAlembic(dir, ARGS);
    assert.match(sql, /CREATE TABLE before[^]*CREATE TABLE caught/);
    const codes = (await problemsOf(dir)).map((problem) => problem.code);
    assert.ok(!codes.includes('raises-when-run') && !codes.includes('opaque-step'), codes.join());
  }
  // A raise before the body's last statement: what ran after it is not undone, so not followed.
  const middle = historyWith('    try:\n        op.create_index()\n        op.create_table("skipped", sa.Column("id", sa.Integer))\n    except Exception:\n        pass');
  assert.match(runAlembic(middle, ARGS).stdout, /CREATE TABLE after/);
  const lens = await runLens(middle, ARGS);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /try block/);
});

test('inside a try whose handler names a narrower exception, Alembic goes on; Lens leaves the block unchecked and reports no failure', async () => {
  const dir = historyWith('    try:\n        meta = sa.MetaData(bind=op.get_bind())\n    except TypeError:\n        meta = sa.MetaData()');
  const alembic = runAlembic(dir, ARGS);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /CREATE TABLE after/);
  const lens = await runLens(dir, ARGS);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /try block/);
  const codes = (await problemsOf(dir)).map((problem) => problem.code);
  assert.ok(!codes.includes('raises-when-run'), codes.join());
  assert.ok(codes.includes('opaque-step'), codes.join());
});
