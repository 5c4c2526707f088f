/**
 * A named Unicode escape in a str literal (`'\N{BULLET}'`) is the character Python's Unicode name
 * table gives (`•`). Lens kept the escape verbatim and printed `SELECT '\N{BULLET}'` where Alembic
 * prints `SELECT '•'`; Node has no such table, so the statement is refused as opaque, naming the
 * escape. A raw string keeps it verbatim in Python too and is still printed. Compared with the
 * real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function project(statement: string): string {
  const migration = `"""named escapes

Revision ID: a1
Revises:
"""
from alembic import op

revision = "a1"
down_revision = None
marker = "x"


def upgrade():
    ${statement}


def downgrade():
    pass
`;
  return offlineProject('named-unicode-escapes-', { 'migrations/versions/a1_named.py': migration });
}

for (const [name, statement] of [
  ['a plain string', `op.execute("SELECT '\\N{BULLET}'")`],
  ['an f-string', `op.execute(f"SELECT '\\N{BULLET}{marker}'")`],
  ['a concatenated string', `op.execute("SELECT " "'\\N{LATIN SMALL LETTER E WITH ACUTE}'")`],
]) {
  test(`a named Unicode escape in ${name} is refused, never printed verbatim where Alembic prints the character`, async () => {
    const dir = project(statement);
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(alembic.code, 0, alembic.stderr);
    assert.match(alembic.stdout, /SELECT '(•x?|é)';/);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, lens.stdout);
    assert.doesNotMatch(lens.stdout, /\\N\{/);
    assert.match(lens.stderr, /a named Unicode escape \(\\N\{[A-Z ]+\}\)/);
  });
}

test('a raw string keeps \\N{...} verbatim, as Python does, and prints as Alembic prints it', async () => {
  const stdout = await assertSameAsAlembic(project(`op.execute(r"SELECT '\\N{BULLET}'")`), ['upgrade', 'head', '--sql']);
  assert.match(stdout, /SELECT '\\N\{BULLET\}';/);
});
