/**
 * A migration that writes a message to standard error: docassemble's 9be372ec38bc writes
 * `sys.stderr.write("Not changing text type to varchar type because ...\n")` on PostgreSQL instead
 * of altering columns (sweep GW). Alembic's `--sql` script is standard output, so the message is
 * no part of it; Lens refused the step as "computed at run time". Compared with the real
 * Alembic 1.20, byte for byte on standard output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `import sys
from sys import stderr

from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    sys.stderr.write("Not changing text type to varchar type because underlying database is PostgreSQL\\n")
    stderr.write("table %s kept\\n" % "userdict")
    sys.stderr.flush()
    op.add_column("userdict", sa.Column("note", sa.Text()))


def downgrade():
    written = sys.stderr.write("dropping\\n")
    op.drop_column("userdict", "note")
`;

test('sys.stderr.write() in a migration prints nothing into the --sql script', async () => {
  const dir = offlineProject('stderr-messages-', { 'migrations/versions/a1_note.py': MIGRATION });
  const up = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(up, /ALTER TABLE userdict ADD COLUMN note TEXT;/);
  const down = await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  assert.match(down, /ALTER TABLE userdict DROP COLUMN note;/);
});
