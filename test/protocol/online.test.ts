// The online requests over real LSP: alembic/current, alembic/run (plan only, upgrade, downgrade,
// stamp, dry run, failure with file and line, cancellation through $/cancelRequest) and
// alembic/resetEmbedded, against the embedded PostgreSQL (PGlite) and the test PostgreSQL server
// (DATABASE_URL from test/db/start-postgres.sh, which test/run-all.sh sources; fails, never skips,
// without it). The password sent in a request appears in no log line, notification or answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeLens, Hover } from 'vscode-languageserver/node';
import type { ConnectionTarget, CurrentResult, RunParams, RunProgressParams, RunResult } from '../../server/src/protocol';
import { copyFixture, startClient, uriOf, type TestClient } from './support/lspClient';
import { temporaryFolder } from '../support/temporaryFolders';

const FIRST = '1a2b3c4d5e6f';
const SECOND = '2b3c4d5e6f70';
const THIRD = '3c4d5e6f7081';
const PASSWORD = 'Pw-4ZUQ1x!online-secret';

function environmentId(root: string): string {
  return `${path.join(root, 'alembic.ini')}#alembic`;
}

function embedded(): ConnectionTarget {
  return { kind: 'embedded', name: 'embedded', folder: temporaryFolder('lens-embedded-') };
}

async function freshDatabaseUrl(): Promise<string> {
  const base = process.env.DATABASE_URL;
  assert.ok(base, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (test/run-all.sh does)');
  const name = `lens_lsp_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

function run(client: TestClient, params: RunParams): Promise<RunResult> {
  return client.request<RunResult>('alembic/run', params);
}

function everythingTheClientSaw(client: TestClient, answers: unknown[]): string {
  return JSON.stringify([client.logs, client.notifications, client.progress, answers]);
}

test('embedded database: current, plan only, upgrade, downgrade, stamp, progress, hover, reset', { timeout: 120_000 }, async () => {
  const root = copyFixture('linear');
  const connection = embedded();
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const id = environmentId(root);
    const empty = await client.request<CurrentResult>('alembic/current', { environmentId: id, connection });
    assert.equal(empty.ok, true, empty.message);
    assert.deepEqual([empty.rows, empty.current, empty.applied], [[], [], []]);

    const planned = await run(client, { environmentId: id, connection, command: 'upgrade', target: 'head', planOnly: true });
    assert.equal(planned.ok, true, planned.summary);
    assert.deepEqual(planned.steps, [`upgrade  -> ${FIRST}`, `upgrade ${FIRST} -> ${SECOND}`, `upgrade ${SECOND} -> ${THIRD}`]);
    assert.deepEqual(planned.rowsAfter, [], 'planning runs nothing');

    const upgraded = await run(client, { environmentId: id, connection, command: 'upgrade', target: SECOND, runId: 'run-1' });
    assert.equal(upgraded.ok, true, upgraded.summary);
    assert.deepEqual(upgraded.rowsAfter, [SECOND]);
    assert.deepEqual(upgraded.state?.current, [SECOND]);
    assert.deepEqual([...(upgraded.state?.applied ?? [])].sort(), [FIRST, SECOND]);
    assert.ok(upgraded.details.some((line) => line.includes(`Running upgrade ${FIRST} -> ${SECOND}`)), upgraded.details.join('\n'));
    const steps = (client.notifications.filter((n) => n.method === 'alembic/runProgress').map((n) => n.params) as RunProgressParams[]).filter((p) => p.runId === 'run-1' && p.step);
    assert.deepEqual(steps.map((p) => [p.step!.index, p.step!.total]), [[0, 2], [1, 2]]);

    // The hover on a revision id says whether the database has it.
    const third = path.join(root, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
    const text = fs.readFileSync(third, 'utf8');
    const lines = text.split('\n');
    const downLine = lines.findIndex((line) => line.startsWith('down_revision'));
    await client.open(third, text);
    const onParent = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(third) }, position: { line: downLine, character: lines[downLine].indexOf(SECOND) + 2 } });
    assert.match(JSON.stringify(onParent.contents), /applied \(current\)/);
    const revisionLine = lines.findIndex((line) => line.startsWith('revision'));
    const onSelf = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(third) }, position: { line: revisionLine, character: lines[revisionLine].indexOf(THIRD) + 2 } });
    assert.match(JSON.stringify(onSelf.contents), /not applied/);

    const dry = await run(client, { environmentId: id, connection, command: 'upgrade', target: THIRD, dryRun: true });
    assert.equal(dry.ok, true, dry.summary);
    assert.deepEqual(dry.rowsAfter, [SECOND], 'a dry run leaves the version table as it was');

    const downgraded = await run(client, { environmentId: id, connection, command: 'downgrade', target: FIRST });
    assert.equal(downgraded.ok, true, downgraded.summary);
    assert.deepEqual(downgraded.rowsAfter, [FIRST]);

    const stamped = await run(client, { environmentId: id, connection, command: 'stamp', target: THIRD });
    assert.equal(stamped.ok, true, stamped.summary);
    const after = await client.request<CurrentResult>('alembic/current', { environmentId: id, connection });
    assert.deepEqual(after.current, [THIRD]);
    assert.deepEqual([...after.applied].sort(), [FIRST, SECOND, THIRD]);

    assert.equal(connection.kind, 'embedded');
    const reset = await client.request<{ removed: boolean }>('alembic/resetEmbedded', { folder: connection.folder });
    assert.equal(reset.removed, true);
    assert.equal(fs.existsSync(connection.folder), false);
    const fresh = await client.request<CurrentResult>('alembic/current', { environmentId: id, connection });
    assert.deepEqual(fresh.rows, [], 'a reset database starts empty');
  } finally {
    await client.dispose();
  }
});

test('CodeLens: the online actions on the revision line', async () => {
  const root = copyFixture('linear');
  const second = path.join(root, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(second) } });
    // Preview SQL and Trace locks sit on upgrade()/downgrade() (custom.test.ts, traceLocks.test.ts).
    const online = lenses.filter((lens) => lens.command?.command !== 'alembicLens.previewSql' && lens.command?.command !== 'alembicLens.traceLocks');
    assert.deepEqual(online.map((lens) => [lens.command?.title, lens.command?.command]), [
      ['Upgrade to here', 'alembicLens.upgradeToHere'],
      ['Downgrade to parent', 'alembicLens.downgradeToParent'],
      ['Stamp', 'alembicLens.stamp'],
      ['Dry run', 'alembicLens.dryRun'],
    ]);
    const revisionLine = fs.readFileSync(second, 'utf8').split('\n').findIndex((line) => line.startsWith('revision'));
    assert.ok(online.every((lens) => lens.range.start.line === revisionLine));
    assert.deepEqual(online[0].command?.arguments?.[0], { environmentId: environmentId(root), revisionId: SECOND, uri: uriOf(second) });
  } finally {
    await client.dispose();
  }
});

test('PostgreSQL server: a run with a password leaks it nowhere; a failure names the file and line', { timeout: 120_000 }, async () => {
  const url = await freshDatabaseUrl();
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  // A migration that fails on its second statement (line 17, zero-based 16).
  const failing = path.join(versions, '4d5e6f708192_broken.py');
  fs.writeFileSync(
    failing,
    `"""broken\n\nRevision ID: 4d5e6f708192\nRevises: ${THIRD}\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '4d5e6f708192'\ndown_revision = '${THIRD}'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    op.add_column('users', sa.Column('lens_probe', sa.Text()))\n    op.execute("SELECT * FROM no_such_table")\n\n\ndef downgrade() -> None:\n    op.drop_column('users', 'lens_probe')\n`,
  );
  const client = await startClient({ root, initializationOptions: { settings: { logLevel: 'trace' } } });
  const answers: unknown[] = [];
  try {
    await client.waitForIndex();
    const id = environmentId(root);
    const connection: ConnectionTarget = { kind: 'url', name: 'test server', url, password: PASSWORD, lockTimeoutMs: 5000 };
    const current = await client.request<CurrentResult>('alembic/current', { environmentId: id, connection });
    answers.push(current);
    assert.equal(current.ok, true, current.message);
    const upgraded = await run(client, { environmentId: id, connection, command: 'upgrade', target: THIRD, runId: 'pg' });
    answers.push(upgraded);
    assert.equal(upgraded.ok, true, upgraded.summary);
    assert.deepEqual(upgraded.rowsAfter, [THIRD]);
    assert.match(upgraded.summary, /test server/);

    const failed = await run(client, { environmentId: id, connection, command: 'upgrade', target: 'head' });
    answers.push(failed);
    assert.equal(failed.ok, false);
    assert.equal(failed.failure?.file, failing, JSON.stringify(failed));
    assert.equal(failed.failure?.line, 16, JSON.stringify(failed.details));
    assert.equal(failed.failure?.sqlState, '42P01');
    assert.equal(failed.code, 'online-statement-failed');
    assert.ok(failed.details.includes('error code: online-statement-failed'));
    assert.deepEqual(failed.rowsAfter, [THIRD], 'the failed step was rolled back');

    // The password in the URL itself is scrubbed as well.
    const withInline = new URL(url);
    withInline.password = PASSWORD;
    withInline.port = '1';
    const refused = await client.request<CurrentResult>('alembic/current', { environmentId: id, connection: { kind: 'url', name: 'closed port', url: withInline.toString() } });
    answers.push(refused);
    assert.equal(refused.ok, false);
    assert.match(refused.message ?? '', /closed port/);
    assert.equal(refused.code, 'database-connect-failed');

    const seen = everythingTheClientSaw(client, answers);
    assert.ok(seen.includes('Running upgrade'), 'the trace-level logs and answers were captured');
    assert.ok(!seen.includes(PASSWORD) && !seen.includes(encodeURIComponent(PASSWORD)), 'the password appears nowhere');
  } finally {
    await client.dispose();
  }
});

test('PostgreSQL server: $/cancelRequest cancels the running statement and rolls back', { timeout: 120_000 }, async () => {
  const url = await freshDatabaseUrl();
  const root = copyFixture('linear');
  const slow = path.join(root, 'migrations', 'versions', '4d5e6f708192_slow.py');
  fs.writeFileSync(
    slow,
    `"""slow\n\nRevision ID: 4d5e6f708192\nRevises: ${THIRD}\n"""\nfrom alembic import op\n\nrevision = '4d5e6f708192'\ndown_revision = '${THIRD}'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    op.execute("SELECT pg_sleep(60)")\n\n\ndef downgrade() -> None:\n    pass\n`,
  );
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const connection: ConnectionTarget = { kind: 'url', name: 'test server', url };
    const source = new CancellationTokenSource();
    const started = Date.now();
    const pending = client.connection.sendRequest<RunResult>('alembic/run', { environmentId: environmentId(root), connection, command: 'upgrade', target: 'head', runId: 'slow' }, source.token);
    // Cancel once the slow step has started (its progress notification arrived).
    await client.waitFor('the slow step to start', () => client.notifications.find((n) => n.method === 'alembic/runProgress' && (n.params as RunProgressParams).message.includes('4d5e6f708192')), 30_000);
    source.cancel();
    const result = await pending.catch((error: Error) => error);
    assert.ok(!(result instanceof Error), `the run answers even when cancelled: ${String(result)}`);
    assert.equal(result.ok, false);
    assert.equal(result.failure?.cancelled, true, result.summary);
    assert.equal(result.code, 'online-cancelled');
    assert.deepEqual(result.rowsAfter, [], 'everything was rolled back (one transaction)');
    assert.ok(Date.now() - started < 30_000, 'cancelled long before pg_sleep(60) ended');
  } finally {
    await client.dispose();
  }
});

async function tablesOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    return result.rows.map((row: { table_name: string }) => row.table_name);
  } finally {
    await client.end();
  }
}

test('a run executes the migrations on disk, not unsaved buffers, and caches no buffer under the disk text', { timeout: 120_000 }, async () => {
  const root = copyFixture('linear');
  const first = path.join(root, 'migrations', 'versions', '1a2b3c4d5e6f_create_users.py');
  const disk = fs.readFileSync(first, 'utf8');
  const edited = disk.replace(/'users'/g, "'people'");
  assert.notEqual(edited, disk);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const id = environmentId(root);
    await client.open(first, edited);
    const before = await freshDatabaseUrl();
    const withBuffer = await run(client, { environmentId: id, connection: { kind: 'url', name: 'db', url: before }, command: 'upgrade', target: FIRST });
    assert.equal(withBuffer.ok, true, withBuffer.summary);
    assert.deepEqual(await tablesOf(before), ['alembic_version', 'users'], 'the disk text ran');

    // Saved: the disk now holds the buffer's text, and that text must run (no stale compilation).
    fs.writeFileSync(first, edited);
    await client.close(first);
    await client.watched([{ file: first, type: 2 }]);
    const after = await freshDatabaseUrl();
    const saved = await run(client, { environmentId: id, connection: { kind: 'url', name: 'db', url: after }, command: 'upgrade', target: FIRST });
    assert.equal(saved.ok, true, saved.summary);
    assert.deepEqual(await tablesOf(after), ['alembic_version', 'people']);
  } finally {
    await client.dispose();
  }
});
