/**
 * `stamp REV --sql --purge`: Alembic refuses the pair with its own CommandError, `FAILED: Can't use
 * --purge with --sql mode` (on stdout, exit 255, as for its other failures). Lens took `--purge`
 * for one of its online-only options and printed a usage error of its own (exit 2); found by the
 * held-out sweep GQ. It now prints Alembic's message on stderr with exit 1, the documented mapping
 * of Alembic's failures, and no script. Compared with the real Alembic 1.20.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const REVISION = (id: string, down: string | null) =>
  `from alembic import op\n\nrevision = ${JSON.stringify(id)}\ndown_revision = ${down === null ? 'None' : JSON.stringify(down)}\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;

test("stamp --sql --purge fails with Alembic's own message", async () => {
  const dir = offlineProject('stamp-purge-sql-', {
    'migrations/versions/p1.py': REVISION('p1', null),
    'migrations/versions/p2.py': REVISION('p2', 'p1'),
  });
  for (const args of [['stamp', 'p2', '--sql', '--purge'], ['stamp', 'p1', 'p2', '--purge', '--sql']]) {
    const alembic = runAlembic(dir, args);
    assert.equal(alembic.code, 255, args.join(' '));
    const expected = failure(alembic.stdout);
    assert.equal(expected, "FAILED: Can't use --purge with --sql mode");
    const lens = await runLens(dir, args);
    assert.equal(lens.code, 1, args.join(' '));
    assert.equal(failure(lens.stderr), expected);
    assert.equal(lens.stdout, '');
  }
});
