/**
 * `alter_column()` given a Column where the name goes (mwdb-core's
 * `batch_op.alter_column(sa.Column("c", sa.Text(), nullable=False))`): Alembic emits nothing when
 * nothing is to change (the Column's own settings are never read) and fails quoting the Column
 * when something is. The engine prints what Alembic prints, warns about the first, and fails the
 * second with invalid-operation-arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const ENV_PY = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sql', 'linear', 'env.py'), 'utf8');

function project(upgrade: string, downgrade: string): string {
  const root = temporaryFolder('lens-alter-column-');
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\nsqlalchemy.url = postgresql://u@localhost/d\n');
  fs.writeFileSync(path.join(root, 'env.py'), ENV_PY);
  fs.writeFileSync(
    path.join(root, 'versions', 'a1_x.py'),
    `"""x\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n${upgrade}\n\n\ndef downgrade():\n${downgrade}\n`,
  );
  return root;
}

test('a Column and nothing to change: no SQL, as Alembic, and a warning; a Column with a change: Alembic fails, so do we', async () => {
  const cwd = project(
    '    with op.batch_alter_table("t", schema=None) as batch_op:\n        batch_op.alter_column(sa.Column("c", sa.Text(), nullable=False))\n    op.alter_column("t", "d", nullable=False)',
    '    with op.batch_alter_table("t", schema=None) as batch_op:\n        batch_op.alter_column(sa.Column("c", sa.Text()), nullable=True)',
  );
  const upgrade = ['upgrade', 'head', '--sql'];
  const expected = runAlembic(cwd, upgrade);
  assert.equal(expected.code, 0, expected.stderr);
  const actual = await runLens(cwd, upgrade);
  assert.equal(actual.code, 0, actual.stderr);
  assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout));
  assert.match(actual.stdout, /ALTER TABLE t ALTER COLUMN d SET NOT NULL/);
  assert.doesNotMatch(actual.stdout, /ALTER COLUMN c\b/);

  const downgrade = ['downgrade', 'a1:base', '--sql'];
  const refused = runAlembic(cwd, downgrade);
  assert.notEqual(refused.code, 0, 'Alembic quotes the Column and fails');
  assert.match(refused.stderr, /TypeError/);
  const ours = await runLens(cwd, downgrade);
  assert.notEqual(ours.code, 0);
  assert.match(ours.stderr, /argument 'column_name' must be a string, not a Column/);

  const check = await runLens(cwd, ['check', '--format', 'json']);
  const found = (JSON.parse(check.stdout).problems as { code: string; severity: string; line: number }[]).filter((problem) => problem.code === 'invalid-operation-arguments');
  assert.deepEqual(found.map((problem) => `${problem.severity}@${problem.line}`), ['warning@15', 'error@21']);
});
