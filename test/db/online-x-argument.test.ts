// `-x dbname=URL` as Alembic's documented env.py recipe takes it (create_engine of the -x value,
// else the ini's URL): both tools upgrade with it and leave identical databases; without it both
// go to the ini's URL (a closed port here) and fail to connect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { alembic, dump, fixtures, freshDatabase, lens, psycopg2Url, requireAlembic, rows } from './onlineHelpers';

const ini = path.join(fixtures, 'x-argument', 'alembic.ini');

test('-x dbname=URL reaches the same database with both tools; without it the ini URL is used', async () => {
  requireAlembic();
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const real = alembic(ini, '', ['-x', `dbname=${psycopg2Url(theirs)}`, 'upgrade', 'o2']);
  assert.equal(real.status, 0, real.stderr);
  // -x is a global option: before the command, as Alembic takes it.
  const run = await lens(ini, '', ['-x', `dbname=${ours}`, 'upgrade', 'o2']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(dump(ours), dump(theirs));
  assert.deepEqual(rows(ours), ['o2']);
  assert.equal((await lens(ini, '', ['-x', `dbname=${ours}`, 'current'])).stdout, 'o2\n');

  const withoutX = await lens(ini, '', ['current']);
  assert.equal(withoutX.status, 2, withoutX.stderr);
  assert.match(withoutX.stderr, /cannot connect to nobody@127\.0\.0\.1:1\/not-this-one[^]*error code: database-connect-failed/);
  const realWithoutX = alembic(ini, '', ['current']);
  assert.notEqual(realWithoutX.status, 0);
  assert.match(realWithoutX.stderr, /127\.0\.0\.1.*port 1 failed: Connection refused/, 'Alembic also goes to the ini URL without -x');
});
