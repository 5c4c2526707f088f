/**
 * A migration saved with Windows line endings (foi-flow's): Python reads source files with
 * universal newlines, so a triple-quoted SQL string's CRLF (or lone CR) line breaks are "\n" in
 * its value, a backslash before one continues the line, and a raw string's too. The SQL printed
 * is Alembic's, and the lint's positions inside such a string are the file's own. Compared with
 * the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const LINES = [
  '"""saved with CRLF',
  '',
  'Revision ID: a1',
  'Revises:',
  '"""',
  'from alembic import op',
  '',
  'revision = "a1"',
  'down_revision = None',
  '',
  '',
  'def upgrade():',
  '    op.execute("""UPDATE accounts',
  '    SET a = 1 WHERE id = 1""")',
  '    op.execute("""UPDATE accounts \\',
  '    SET b = 2 WHERE id = 2""")',
  '    op.execute(r"""UPDATE accounts',
  '    SET c = 3 WHERE id = 3""")',
  '    op.execute("""UPDATE accounts',
  '    SET d = 4 WHERE id = 4 AND""")',
  '',
  '',
  'def downgrade():',
  '    pass',
  '',
];

test('CRLF line breaks inside triple-quoted SQL print as Alembic prints them', async () => {
  const dir = temporaryFolder('crlf-strings-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  // All four statements but the last (a syntax error, which Alembic prints as it is) compared.
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_crlf.py'), LINES.join('\r\n'));
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.ok(!printed.includes('\r'), 'no carriage return reaches the SQL');
  assert.match(printed, /UPDATE accounts\n {4}SET a = 1 WHERE id = 1;/);
  // The syntax error sits at the end of the fourth string, on the file's line 20 (one-based).
  const check = await runLens(dir, ['check', '--format', 'json']);
  const errors = (JSON.parse(check.stdout) as { problems: { code: string; line: number }[] }).problems.filter((problem) => problem.code === 'sql-syntax-error');
  assert.deepEqual(
    errors.map((problem) => problem.line),
    [20],
  );
});
