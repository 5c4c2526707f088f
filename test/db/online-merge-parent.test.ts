// "Downgrade to parent" on a merge revision, against the real Alembic 1.20 on a real server: the
// editor's target for it (client/src/online/actionTarget.ts) must do on both tools what a user
// means, undo the merge and nothing else. Alembic refuses the relative forms there (`f7-1`, `-1`:
// "Ambiguous walk"); `downgrade` to one parent runs only the merge's downgrade and leaves both
// parents applied. Each tool on its own fresh database, compared with pg_dump and version rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { actionTarget } from '../../client/src/online/actionTarget';
import { alembic, dump, fixtures, freshDatabase, lens, requireAlembic, rows } from './onlineHelpers';

const ini = path.join(fixtures, 'features', 'alembic.ini');
const VERSION_TABLE = 'feature_versions';
const MERGE = { id: 'f7', downRevisions: ['f6a', 'f6b'] };

test('Downgrade to parent on a merge point: Alembic refuses f7-1; the lens target undoes only the merge, as Alembic does', async () => {
  requireAlembic();
  const target = actionTarget('downgrade', MERGE);
  assert.deepEqual(target, { command: 'downgrade', target: 'f6a', dryRun: false });

  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const [url, run] of [
    [theirs, (args: string[]) => Promise.resolve(alembic(ini, theirs, args))],
    [ours, (args: string[]) => lens(ini, ours, args)],
  ] as const) {
    assert.equal((await run(['upgrade', 'f7'])).status, 0);
    const relative = await run(['downgrade', 'f7-1']);
    assert.notEqual(relative.status, 0, 'the relative form at a merge point is refused');
    assert.match(relative.stderr, /Ambiguous walk/);
    assert.deepEqual(rows(url, VERSION_TABLE), ['f7'], 'the refused downgrade changed nothing');
  }

  const real = alembic(ini, theirs, [target.command, target.target]);
  assert.equal(real.status, 0, real.stderr);
  const run = await lens(ini, ours, [target.command, target.target]);
  assert.equal(run.status, 0, run.stderr);
  // Only the merge step ran, on both.
  for (const output of [real.stderr, run.stderr]) {
    assert.match(output, /Running downgrade f7 -> f6a, f6b/);
    assert.doesNotMatch(output, /Running downgrade f6[ab] ->/);
  }
  assert.deepEqual(rows(theirs, VERSION_TABLE), ['f6a', 'f6b']);
  assert.deepEqual(rows(ours, VERSION_TABLE), ['f6a', 'f6b']);
  assert.equal(dump(ours, { sortRows: true }), dump(theirs, { sortRows: true }));

  // The other parent as the target leaves the same database: the choice of parent does not matter.
  const again = freshDatabase();
  assert.equal((await lens(ini, again, ['upgrade', 'f7'])).status, 0);
  assert.equal((await lens(ini, again, ['downgrade', 'f6b'])).status, 0);
  assert.equal(dump(again, { sortRows: true }), dump(ours, { sortRows: true }));
});

test('Downgrade to parent on an ordinary revision and on a base: the parent, and base', () => {
  assert.deepEqual(actionTarget('downgrade', { id: 'f2', downRevisions: ['f1'] }).target, 'f1');
  assert.deepEqual(actionTarget('downgrade', { id: 'f1', downRevisions: [] }).target, 'base');
});
