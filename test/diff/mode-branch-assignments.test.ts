/**
 * A name bound under a condition that tells `--sql` from a live run (`if not
 * op.get_context().as_sql:`, `if not context.is_offline_mode():`): each mode has its own value
 * after the `if`. Lens ran both sides in one scope and kept the last, so `--sql` took the live
 * run's value and printed SQL Alembic does not print, with exit 0 (held-out sweep BK, after
 * truenth-portal's `connection = None; if not op.get_context().as_sql: connection = ...`). Now a
 * name the two sides leave different is unknown after the branch, and the statement reading it is
 * refused with that reason; one both sides leave alike, and a branch that only emits SQL, are
 * followed as before. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const IMPORTS = 'from alembic import context, op\nimport sqlalchemy as sa\n';

test('a value bound only on the live side is not used under --sql', async () => {
  const dir = offlineProject('mode-branch-assignments-', {
    'migrations/versions/a1_x.py': `${migrationHeader('a1', undefined, IMPORTS)}
def upgrade():
    c = "x"
    if not op.get_context().as_sql:
        c = "y"
    op.execute("SELECT '%s'" % c)


def downgrade():
    b = None
    if not context.is_offline_mode():
        b = 1
    if b:
        op.execute("SELECT 8")
`,
  });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /SELECT 'x';/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1, lens.stdout);
  assert.doesNotMatch(lens.stdout, /SELECT 'y'/);
  assert.match(lens.stderr, /c differs between --sql and a live run \(set under `not op\.get_context\(\)\.as_sql`\)/);
  const down = await runLens(dir, ['downgrade', 'a1:base', '--sql']);
  assert.equal(down.code, 1);
  assert.doesNotMatch(down.stdout, /SELECT 8/);
  assert.match(down.stderr, /b differs between --sql and a live run/);
});

test('a value both sides leave alike, and a branch that only emits SQL, are followed as Alembic runs them', async () => {
  const dir = offlineProject('mode-branch-assignments-same-', {
    'migrations/versions/a1_x.py': `${migrationHeader('a1', undefined, IMPORTS)}
def upgrade():
    table = "orders"
    if context.is_offline_mode():
        table = "orders"
        op.execute("SELECT 'offline'")
    else:
        table = "orders"
        op.execute("SELECT 'online'")
    op.execute("DROP TABLE %s" % table)


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /SELECT 'offline';\s+DROP TABLE orders;/);
});
