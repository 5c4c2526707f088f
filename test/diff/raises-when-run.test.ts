/**
 * A statement of upgrade() that raises whatever the database holds (SQLAlchemy 2 refuses
 * `MetaData(bind=...)`; a dict has no such key): Alembic fails there under --sql, and Alembic Lens
 * refuses with the reason and reports `raises-when-run`; inside a `try` it is left unchecked, not
 * reported. Compared with the real Alembic 1.20 and SQLAlchemy 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
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
    // The statement after it never runs: no finding about the table it would create.
    assert.ok(!problems.some((problem) => problem.code === 'opaque-step'), JSON.stringify(problems));
  });
}

test('inside a try whose handler catches the error, Alembic goes on; Lens leaves the block unchecked and reports no failure', async () => {
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
