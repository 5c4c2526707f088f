// Table sizes in the editor over real LSP, against the test PostgreSQL server (DATABASE_URL from
// test/db/start-postgres.sh, which test/run-all.sh sources; fails, never skips, without it): after
// the client has read the environment's database (alembic/current on a URL connection, sent only
// once the user confirmed its host), a lock finding on a table that database has states the
// table's real size; the password sent in the request appears in no log line or diagnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { ConnectionTarget, CurrentResult } from '../../server/src/protocol';
import { copyFixture, startClient } from './support/lspClient';
import { TRACED_REVISION, WIDEN } from './support/traceMigrations';

const PASSWORD = 'Pw-7TbZ!table-sizes-secret';

/** A diagnostic's message as text (LSP allows markup there too). */
function text(message: string | { value: string }): string {
  return typeof message === 'string' ? message : message.value;
}


async function databaseWithOrders(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  assert.ok(base, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (test/run-all.sh does)');
  const name = `lens_lsp_sizes_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  await setup.query('CREATE TABLE orders (id integer PRIMARY KEY, user_id integer)');
  await setup.query('INSERT INTO orders SELECT g, g FROM generate_series(1, 5000) g');
  await setup.query('ANALYZE orders');
  await setup.end();
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    },
  };
}

test('after alembic/current on a URL connection, lock findings on its tables state their real size', { timeout: 90_000 }, async () => {
  const database = await databaseWithOrders();
  const root = copyFixture('linear');
  const file = path.join(root, 'migrations', 'versions', `${TRACED_REVISION}_widen.py`);
  fs.writeFileSync(file, WIDEN);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(file, WIDEN);
    const plain = await client.waitForDiagnostics(file, 'column-type-change', (diagnostics) => diagnostics.some((d) => d.code === 'column-type-change'), 30_000);
    assert.doesNotMatch(text(plain.find((d) => d.code === 'column-type-change')!.message), /rows/, 'no size before a database was read');
    const connection: ConnectionTarget = { kind: 'url', name: 'staging', url: database.url, password: PASSWORD };
    const state = await client.request<CurrentResult>('alembic/current', { environmentId: `${path.join(root, 'alembic.ini')}#alembic`, connection });
    assert.equal(state.ok, true, state.message);
    const sized = await client.waitForDiagnostics(file, 'the size of orders', (diagnostics) => diagnostics.some((d) => text(d.message).startsWith('AccessExclusiveLock on orders (about 5 thousand rows')), 30_000);
    assert.equal(sized.find((d) => text(d.message).startsWith('AccessExclusiveLock on orders'))?.code, 'column-type-change');
    assert.ok(!JSON.stringify([client.logs, client.notifications, client.publishLog]).includes(PASSWORD));
  } finally {
    await client.dispose();
    await database.drop();
  }
});
