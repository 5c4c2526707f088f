/**
 * `print` written as a Python 3 name (`print >> sys.stderr, "x"`, `print, 1`) in a helper
 * nobody calls: the file compiles and Alembic prints the other statements' SQL, where lezer's
 * grammar read Python 2's print statement and Lens refused the whole file with "Missing
 * parentheses in call to 'print'". A real Python 2 `print "x"` is still refused by both.
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const IMPORTS = 'import sys\n\nfrom alembic import op\nimport sqlalchemy as sa\n';

const migration = (helperBody: string): string => `${migrationHeader('p1', undefined, IMPORTS)}
def _never_called(table):
${helperBody}


def upgrade():
    op.create_table("gadgets", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("gadgets", sa.Column("name", sa.String(40)))


def downgrade():
    op.drop_table("gadgets")
`;

test('print as a Python 3 name in a helper never called: the same SQL as Alembic', async () => {
  const dir = offlineProject('print-as-name-', {
    'migrations/versions/p1_print.py': migration('    print >> sys.stderr, "dropping %s" % table\n    print, table\n    print -1 if table else 0'),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CREATE TABLE gadgets/);
  await assertSameAsAlembic(dir, ['downgrade', 'p1:base', '--sql']);
});

test("Python 2's print statement is refused by both", async () => {
  const dir = offlineProject('print-statement-', { 'migrations/versions/p1_print.py': migration('    print "dropping", table') });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /Missing parentheses in call to 'print'/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.doesNotMatch(lens.stdout, /CREATE TABLE gadgets/);
  assert.match(lens.stderr, /Missing parentheses in call to 'print'/);
});
