// `downgrade -1` while two revisions are current (two heads applied): Alembic walks down from the
// first version row only and warns that this is ambiguous (a UserWarning on standard error, which
// held-out sweep AG found missing on adcontextprotocol/salesagent). Against the real Alembic 1.20 on
// a real server, each tool on its own database: both warn, both undo the same revision, and leave
// the same schema and version rows. A relative downgrade from one current revision warns in neither.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { alembic, dump, fixtures, freshDatabase, lens, psql, requireAlembic, rows } from './onlineHelpers';

const ini = path.join(fixtures, 'features', 'alembic.ini');
const VERSION_TABLE = 'feature_versions';
const WARNING = 'downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release';

test('downgrade -1 from two current heads warns as Alembic does, and undoes the same revision', async () => {
  requireAlembic();
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const runs = [
    [theirs, (args: string[]) => Promise.resolve(alembic(ini, theirs, args))],
    [ours, (args: string[]) => lens(ini, ours, args)],
  ] as const;
  for (const [url, run] of runs) {
    assert.equal((await run(['upgrade', 'f7'])).status, 0);
    assert.equal((await run(['downgrade', 'f6a'])).status, 0);
    assert.deepEqual(rows(url, VERSION_TABLE), ['f6a', 'f6b']);
    // Both tools walk down from the first row as the server returns them (no ORDER BY), and which
    // parent's row an unmerge inserts is hash-seeded in Alembic: the rows are written again in one
    // order on both databases, so that the first is the same.
    psql(url, `DELETE FROM ${VERSION_TABLE}; INSERT INTO ${VERSION_TABLE} (version_num) VALUES ('f6a'), ('f6b')`);
    assert.equal(psql(url, `SELECT string_agg(version_num, ',') FROM ${VERSION_TABLE}`).trim(), 'f6a,f6b');
  }
  const real = alembic(ini, theirs, ['downgrade', '-1']);
  const run = await lens(ini, ours, ['downgrade', '-1']);
  assert.equal(real.status, 0, real.stderr);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(real.stderr.includes(WARNING), real.stderr);
  assert.ok(run.stderr.includes(WARNING), run.stderr);
  assert.match(run.stderr, /it walks down from f6a only, the first of f6a, f6b/);
  assert.deepEqual(rows(theirs, VERSION_TABLE), ['f6b'], 'Alembic undid f6a, the first row');
  assert.deepEqual(rows(ours, VERSION_TABLE), ['f6b']);
  assert.equal(dump(ours, { sortRows: true }), dump(theirs, { sortRows: true }));

  // From one current revision the same command is not ambiguous: neither warns.
  const single = freshDatabase();
  const other = freshDatabase();
  assert.equal((await lens(ini, single, ['upgrade', 'f6a'])).status, 0);
  assert.equal(alembic(ini, other, ['upgrade', 'f6a']).status, 0);
  const quietLens = await lens(ini, single, ['downgrade', '-1']);
  const quietAlembic = alembic(ini, other, ['downgrade', '-1']);
  assert.equal(quietLens.status, 0, quietLens.stderr);
  assert.equal(quietAlembic.status, 0, quietAlembic.stderr);
  assert.ok(!quietLens.stderr.includes(WARNING), quietLens.stderr);
  assert.ok(!quietAlembic.stderr.includes(WARNING), quietAlembic.stderr);
});
