/**
 * The database actions in the real VS Code on their own history (test/fixtures/e2e-online, the
 * `online` session), against the test PostgreSQL server: Stamp, the Dry run lens, Downgrade to
 * parent on a merge revision, the Cancel button of a run's progress notification during a long
 * statement, Reset Embedded Database, and a workspace-defined connection (at start-up, and set
 * later) that nothing reaches before its host is confirmed. Every check reads the database itself, not only what the
 * extension says.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { api } from './activation.e2e';
import { clickWorkbench, readConfig, screenshot, test, waitFor, waitForWorkbench } from './framework';
import { clickLens, databaseContents, ITEMS, listeningHost, MERGE, NOTES, newDatabase, query, setting, SLOW, TAGS } from './onlineWorkspace';

const ONLINE = { group: 'online' };

/** A fresh database as connection "test" (user settings), with every question answered yes. */
async function useFreshDatabase(): Promise<string> {
  const exported = await api();
  assert.ok(await exported.ready(), 'the language server started');
  const url = await newDatabase();
  await setting('connections', { test: { url } }, vscode.ConfigurationTarget.Global);
  assert.equal(await vscode.commands.executeCommand('alembicLens.selectConnection', 'test'), 'test');
  exported.setInput(async (options) => (options.password ? '' : undefined));
  exported.setConfirm(async () => true);
  return url;
}

test("at start-up, a connection chosen by the workspace's own settings is not reached before its host is confirmed", async () => {
  // The harness opened this window on a workspace whose .vscode/settings.json chooses connection
  // "startup", whose host is a listener of the harness counting connections (run.mjs startupHost).
  const file = process.env.ALEMBIC_LENS_E2E_STARTUP_HOST;
  assert.ok(file, 'the harness did not set up the start-up host (ALEMBIC_LENS_E2E_STARTUP_HOST)');
  const listener = () => JSON.parse(fs.readFileSync(file, 'utf8')) as { port: number; connections: number };
  const exported = await api();
  assert.ok(await exported.ready(), 'the language server started');
  // The start-up refresh of the tree's markers runs when the server is ready; the status bar
  // names the connection once the tree has loaded.
  await waitFor('the status bar to name the start-up connection', () => exported.connectionStatusText().includes('startup'));
  const asked: string[] = [];
  exported.setConfirm(async (message) => {
    asked.push(message);
    return false;
  });
  exported.setInput(async () => {
    asked.push('input');
    return '';
  });
  assert.deepEqual(await vscode.commands.executeCommand('alembicLens.refreshDatabase'), [], 'declining the host reads nothing');
  assert.deepEqual(asked, [`Connect to 127.0.0.1:${listener().port}?`], 'the host is asked about before anything else');
  assert.equal(listener().connections, 0, 'the start-up refresh (or the declined one) connected to the unconfirmed host');
  await setting('activeConnection', undefined, vscode.ConfigurationTarget.Workspace);
  await setting('connections', undefined, vscode.ConfigurationTarget.Workspace);
}, ONLINE);

test('Stamp asks first, names the connection, and writes only the version table', async () => {
  const url = await useFreshDatabase();
  const exported = await api();
  const asked: string[] = [];
  exported.setConfirm(async (message, detail) => {
    asked.push(`${message} | ${detail}`);
    return true;
  });
  const stamped = await clickLens(MERGE, /^Stamp · test$/);
  assert.ok(stamped?.ok, stamped?.summary);
  assert.equal(asked.length, 1, 'the stamp asked once');
  assert.match(asked[0], /^Stamp "test" to e4d5f6a7b8c9/);
  assert.deepEqual(await databaseContents(url), { tables: ['alembic_version'], versions: [MERGE] }, 'a stamp runs no migration');
  const states = await vscode.commands.executeCommand<{ current: string[] }[]>('alembicLens.refreshDatabase');
  assert.deepEqual(states?.[0]?.current, [MERGE]);
}, ONLINE);

test('the Dry run lens reports what would run and leaves the database unchanged', async () => {
  const url = await useFreshDatabase();
  const before = await databaseContents(url);
  const result = await clickLens(MERGE, /^Dry run · test$/);
  assert.ok(result?.ok, result?.summary);
  assert.equal(result.dryRun, true);
  assert.equal(result.steps.length, 4, result.steps.join(' | '));
  assert.match(result.summary, /^Dry run of upgrade on test/);
  assert.deepEqual(await databaseContents(url), before, 'the dry run left tables or version rows behind');
  // The report is shown: the notification with the summary, and Alembic's lines in the output channel.
  // The notification centre lists every notification (toasts do not show in an unfocused page).
  await vscode.commands.executeCommand('notifications.showList');
  await waitForWorkbench(readConfig(), 'the dry run notification', '.notification-list-item-message', (elements) =>
    elements.some((element) => element.text.startsWith('Dry run of upgrade on test')),
  );
  assert.ok(result.details.some((line) => line.includes(`Running upgrade ${TAGS}, ${NOTES} -> ${MERGE}`) || line.includes(`Running upgrade ${NOTES}, ${TAGS} -> ${MERGE}`)), result.details.join('\n'));
  await screenshot(readConfig(), '10-online-dry-run', 800);
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
}, ONLINE);

test('Downgrade to parent on a merge revision undoes only the merge (confirmation answered), as Alembic does', async () => {
  const url = await useFreshDatabase();
  const exported = await api();
  const upgraded = await clickLens(MERGE, /^Upgrade to here · test$/);
  assert.ok(upgraded?.ok, upgraded?.summary);
  assert.deepEqual(upgraded.rowsAfter, [MERGE]);
  const asked: string[] = [];
  exported.setConfirm(async (message, detail) => {
    asked.push(`${message} | ${detail}`);
    return true;
  });
  const downgraded = await clickLens(MERGE, /^Downgrade to parent · test$/);
  assert.ok(downgraded?.ok, downgraded?.summary);
  assert.deepEqual([...downgraded.rowsAfter].sort(), [NOTES, TAGS]);
  assert.deepEqual(downgraded.steps, [`downgrade ${MERGE} -> ${NOTES}, ${TAGS}, merge notes and tags`]);
  assert.equal(asked.length, 1);
  assert.match(asked[0], /^Downgrade "test" to c2b3d4e5f6a7/);
  const contents = await databaseContents(url);
  assert.deepEqual(contents, { tables: ['alembic_version', 'items', 'notes', 'tags'], versions: [NOTES, TAGS] }, 'both branches stay applied');
}, ONLINE);

test('the Cancel button of the run progress stops a long statement; database and version table unchanged', async () => {
  const url = await useFreshDatabase();
  const base = await clickLens(ITEMS, /^Upgrade to here · test$/);
  assert.ok(base?.ok, base?.summary);
  const before = await databaseContents(url);
  const running = clickLens(SLOW, /^Upgrade to here · test$/);
  const database = new URL(url).pathname.slice(1);
  const server = process.env.DATABASE_URL!;
  await waitFor('pg_sleep running on the test database', async () => {
    const rows = await query<{ n: number }>(server, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${database}' AND query LIKE '%pg_sleep%' AND state = 'active'`);
    return rows[0].n > 0;
  });
  await screenshot(readConfig(), '11-online-run-progress', 300);
  // The progress notification's own Cancel button, in the notification centre (toasts do not
  // show in an unfocused page).
  await vscode.commands.executeCommand('notifications.showList');
  await clickWorkbench(readConfig(), '.notification-list-item .monaco-button', 'Cancel');
  const result = await waitFor('the cancelled run to finish', () => running, 30_000);
  assert.equal(result.ok, false, result.summary);
  assert.equal(result.code, 'online-cancelled', result.summary);
  assert.match(result.summary, /was cancelled; the open transaction was rolled back/);
  assert.deepEqual(result.rowsAfter, [ITEMS]);
  assert.deepEqual(await databaseContents(url), before, 'the cancelled run changed the database');
  const columns = await query<{ c: string }>(url, "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'items' ORDER BY 1");
  assert.deepEqual(columns.map((row) => row.c), ['id', 'name'], 'the column after the sleep was not added');
  const sleeping = await query<{ n: number }>(server, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${database}' AND query LIKE '%pg_sleep(60)%' AND state = 'active' AND pid <> pg_backend_pid()`);
  assert.equal(sleeping[0].n, 0, 'the statement still runs on the server');
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
}, { ...ONLINE, timeoutMs: 120_000 });

test('Reset Embedded Database asks first; declined keeps the database, accepted deletes it', async () => {
  const exported = await api();
  await vscode.commands.executeCommand('alembicLens.selectConnection', '');
  exported.setConfirm(async () => true);
  const upgraded = await clickLens(ITEMS, /^Upgrade to here · embedded$/);
  assert.ok(upgraded?.ok, upgraded?.summary);
  const before = await vscode.commands.executeCommand<{ current: string[] }[]>('alembicLens.refreshDatabase');
  assert.deepEqual(before?.[0]?.current, [ITEMS]);

  const asked: string[] = [];
  exported.setConfirm(async (message) => {
    asked.push(message);
    return false;
  });
  assert.equal(await vscode.commands.executeCommand('alembicLens.resetEmbeddedDatabase'), undefined);
  assert.deepEqual(asked, ['Reset the embedded database?']);
  const kept = await vscode.commands.executeCommand<{ current: string[] }[]>('alembicLens.refreshDatabase');
  assert.deepEqual(kept?.[0]?.current, [ITEMS], 'declining kept the embedded database');

  exported.setConfirm(async (message) => {
    asked.push(message);
    return true;
  });
  assert.equal(await vscode.commands.executeCommand('alembicLens.resetEmbeddedDatabase'), 1);
  const after = await vscode.commands.executeCommand<{ current: string[]; rows: string[] }[]>('alembicLens.refreshDatabase');
  assert.deepEqual(after?.[0]?.rows, [], 'the reset embedded database starts empty');
}, { ...ONLINE, timeoutMs: 120_000 });

test('a workspace-defined connection: nothing reaches its host before the host is confirmed', async () => {
  const exported = await api();
  const host = await listeningHost();
  try {
    const asked: string[] = [];
    const details: string[] = [];
    exported.setConfirm(async (message, detail) => {
      asked.push(message);
      details.push(detail);
      return false;
    });
    exported.setInput(async () => {
      asked.push('input');
      return '';
    });
    // As a cloned repository's .vscode/settings.json would: the connection, a password taken from
    // the user's environment, and the choice of that connection.
    process.env.ALEMBIC_LENS_E2E_HOST_PW = 'e2e-never-sent';
    await setting('connections', { remote: { url: `postgresql://app@127.0.0.1:${host.port}/app`, password_env: 'ALEMBIC_LENS_E2E_HOST_PW' } }, vscode.ConfigurationTarget.Workspace);
    await setting('activeConnection', 'remote', vscode.ConfigurationTarget.Workspace);
    // The change refreshes the database state quietly, as at start-up: it must not connect.
    await waitFor('the status bar to name the workspace connection', () => exported.connectionStatusText().includes('remote'));
    const declined = await vscode.commands.executeCommand<unknown[]>('alembicLens.refreshDatabase');
    assert.deepEqual(declined, [], 'declining the host reads nothing');
    assert.deepEqual(asked, [`Connect to 127.0.0.1:${host.port}?`], 'the host is asked about first; no password is asked for');
    assert.match(details[0], /environment variable ALEMBIC_LENS_E2E_HOST_PW would be sent to it as the password/, 'the question says which secret would go to that host');
    assert.equal(host.connections(), 0, 'something connected to the host before it was confirmed');

    exported.setConfirm(async (message) => {
      asked.push(message);
      return true;
    });
    await vscode.commands.executeCommand('alembicLens.refreshDatabase');
    await waitFor('the connection after the confirmation', () => host.connections() > 0);
    assert.ok(!host.received().includes('e2e-never-sent'), 'the password went out before the server asked for it');
    assert.ok(!asked.includes('input'), 'a password was asked for although password_env names one');
  } finally {
    delete process.env.ALEMBIC_LENS_E2E_HOST_PW;
    await setting('activeConnection', undefined, vscode.ConfigurationTarget.Workspace);
    await setting('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await host.close();
  }
}, ONLINE);
