/**
 * Online runs from the editor against the test PostgreSQL server (DATABASE_URL, which the harness
 * passes through from test/db/start-postgres.sh): the database lenses name the connection, the
 * password is asked once, Upgrade to here and Downgrade to parent (confirmation answered by the
 * test) change the database, the tree marks applied / pending / current, a workspace-defined
 * connection is confirmed by host before anything is sent, a protected one needs its name typed,
 * and the password is found in no log file, output line or settings file. Runs before the merge
 * test, which changes the workspace.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import type { RunResult } from '../../../server/src/protocol';
import { api } from './activation.e2e';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BASE, BRANCHPOINT, fileOf, HEAD_BACKFILL, HEAD_ORDERS, workspaceRoot } from './fixture';
import { treeSnapshot } from './tree.e2e';

/** The harness sets it (and looks for it in every file of the session afterwards). */
const PASSWORD = process.env.ALEMBIC_LENS_E2E_PASSWORD ?? 'e2e-Secret-Pw-0000';

let databaseUrl: string | undefined;

async function freshDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL;
  assert.ok(server, 'DATABASE_URL is not set in the extension host: start PostgreSQL with `source test/db/start-postgres.sh` before test/e2e/run.mjs (npm test does)');
  const name = `lens_e2e_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  url.password = '';
  return url.toString();
}

async function lens(revision: string, title: RegExp): Promise<vscode.CodeLens> {
  const uri = fileOf(revision);
  await vscode.workspace.openTextDocument(uri);
  return waitFor(`the lens ${title} on ${revision}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
    return lenses.find((candidate) => title.test(candidate.command?.title ?? ''));
  });
}

async function click(revision: string, title: RegExp): Promise<RunResult | undefined> {
  const found = await lens(revision, title);
  return vscode.commands.executeCommand<RunResult | undefined>(found.command!.command, ...(found.command!.arguments ?? []));
}

/** label → first word of the description (current / applied / pending), from what the tree shows. */
async function marks(): Promise<Record<string, string>> {
  const snapshot = await treeSnapshot();
  return Object.fromEntries(snapshot.roots[0].children.map((child) => [child.label, (child.description ?? '').split(' · ')[0]]));
}

async function setting(key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  await vscode.workspace.getConfiguration('alembicLens').update(key, value, target);
}

test('the database lenses name the active connection (embedded when none is chosen)', async () => {
  const found = await lens(BRANCHPOINT, /^Upgrade to here/);
  assert.equal(found.command?.title, 'Upgrade to here · embedded');
  const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileOf(BRANCHPOINT), 20)).map((l) => l.command?.title);
  for (const title of ['Downgrade to parent · embedded', 'Stamp · embedded', 'Dry run · embedded']) assert.ok(titles.includes(title), titles.join(' | '));
});

test('Upgrade to here and Downgrade to parent on the test server: password asked once, confirmation, tree marks (screenshot)', async () => {
  const exported = await api();
  assert.ok(await exported.ready());
  databaseUrl = await freshDatabase();
  await setting('connections', { test: { url: databaseUrl } }, vscode.ConfigurationTarget.Global);
  // The protocol trace would print the request params: the password must not survive it.
  await setting('trace.server', 'verbose', vscode.ConfigurationTarget.Global);
  assert.equal(await vscode.commands.executeCommand('alembicLens.selectConnection', 'test'), 'test');
  const prompts: string[] = [];
  const confirmations: { message: string; detail: string }[] = [];
  exported.setInput(async (options) => {
    prompts.push(`${options.title} ${options.password ? '(password)' : ''}`);
    return options.password ? PASSWORD : undefined;
  });
  exported.setConfirm(async (message, detail) => {
    confirmations.push({ message, detail });
    return true;
  });

  const upgraded = await click(BRANCHPOINT, /^Upgrade to here · test$/);
  assert.ok(upgraded?.ok, upgraded?.summary);
  assert.deepEqual(upgraded.rowsAfter, [BRANCHPOINT]);
  assert.deepEqual(prompts, ['Password for connection "test" (password)'], 'the password was asked once');
  assert.equal(confirmations.length, 0, 'an upgrade of an unprotected connection does not ask');
  await waitFor('the tree marks after the upgrade', async () => {
    const seen = await marks();
    return seen[BASE] === 'applied' && seen[BRANCHPOINT] === 'current' && seen[HEAD_ORDERS] === 'pending' && seen[HEAD_BACKFILL] === 'pending';
  });
  await waitFor('the connection in the status bar', () => exported.connectionStatusText() === `$(database) test: ${BRANCHPOINT}`);

  await vscode.commands.executeCommand('alembicLens.revisions.focus');
  const editor = await vscode.window.showTextDocument(fileOf(BRANCHPOINT), { preview: false });
  editor.revealRange(new vscode.Range(0, 0, 20, 0), vscode.TextEditorRevealType.AtTop);
  await screenshot(readConfig(), '8-online-upgraded', 3000);

  const downgraded = await click(BRANCHPOINT, /^Downgrade to parent · test$/);
  assert.ok(downgraded?.ok, downgraded?.summary);
  assert.deepEqual(downgraded.rowsAfter, [BASE]);
  assert.equal(confirmations.length, 1, 'the downgrade asked first');
  assert.match(confirmations[0].message, /Downgrade "test" to 1a2b3c4d5e6f/);
  assert.match(confirmations[0].detail, /downgrade 2b3c4d5e6f7a -> 1a2b3c4d5e6f/);
  assert.equal(prompts.length, 1, 'the stored password was used: no second question');
  await waitFor('the tree marks after the downgrade', async () => {
    const seen = await marks();
    return seen[BASE] === 'current' && seen[BRANCHPOINT] === 'pending';
  });

  // Declining a stamp changes nothing.
  exported.setConfirm(async () => false);
  assert.equal(await click(HEAD_ORDERS, /^Stamp · test$/), undefined);
  const states = await vscode.commands.executeCommand<{ current: string[] }[]>('alembicLens.refreshDatabase');
  assert.deepEqual(states?.[0]?.current, [BASE]);
  await vscode.commands.executeCommand('alembicLens.revisions.focus');
  await screenshot(readConfig(), '9-online-downgraded', 1200);
});

test('a workspace-defined connection is confirmed by host before use; a protected one needs its name typed', async () => {
  const exported = await api();
  assert.ok(databaseUrl, 'the previous test created the database');
  await setting('connections', { shared: { url: databaseUrl, protected: true } }, vscode.ConfigurationTarget.Workspace);
  await vscode.commands.executeCommand('alembicLens.selectConnection', 'shared');
  const asked: string[] = [];
  exported.setInput(async (options) => {
    asked.push(options.password ? 'password' : 'name');
    return options.password ? PASSWORD : 'not-the-name';
  });
  exported.setConfirm(async (message) => {
    asked.push(message);
    return !/^Connect to/.test(message);
  });
  assert.equal(await click(BRANCHPOINT, /^Upgrade to here · shared$/), undefined, 'the host was not confirmed: nothing runs');
  assert.equal(asked.length, 1);
  assert.match(asked[0], /^Connect to 127\.0\.0\.1:\d+\?$/);
  assert.ok(!asked.includes('password'), 'no password is asked for (or sent to) an unconfirmed host');

  asked.length = 0;
  exported.setConfirm(async (message) => {
    asked.push(message);
    return true;
  });
  assert.equal(await click(BRANCHPOINT, /^Upgrade to here · shared$/), undefined, 'the wrong name was typed: nothing runs');
  assert.deepEqual(asked.map((entry) => entry.replace(/\d+/g, 'N').replace(/"[^"]*" to \w+/, 'X')), ['Connect to N.N.N.N:N?', 'password', 'Upgrade X?', 'name']);
  exported.setInput(async (options) => (options.password ? PASSWORD : 'shared'));
  const upgraded = await click(BRANCHPOINT, /^Upgrade to here · shared$/);
  assert.ok(upgraded?.ok, upgraded?.summary);
  assert.deepEqual(upgraded.rowsAfter, [BRANCHPOINT]);
  assert.ok(!asked.slice(4).some((entry) => entry.startsWith('Connect to')), 'the host confirmation is remembered');
  // Back to the embedded database for the tests after this one.
  await setting('connections', undefined, vscode.ConfigurationTarget.Workspace);
  await vscode.commands.executeCommand('alembicLens.selectConnection', '');
});

test('a failed run opens the migration at the failing line and leaves the version table as it was', async () => {
  const exported = await api();
  // Stamped at the base without its table, the next migration's ALTER TABLE fails.
  await setting('connections', { test: { url: await freshDatabase() } }, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('alembicLens.selectConnection', 'test');
  exported.setInput(async (options) => (options.password ? PASSWORD : undefined));
  exported.setConfirm(async () => true);
  const stamped = await click(BASE, /^Stamp · test$/);
  assert.ok(stamped?.ok, stamped?.summary);
  await vscode.window.showTextDocument(fileOf(HEAD_ORDERS));
  const failed = await click(BRANCHPOINT, /^Upgrade to here · test$/);
  assert.equal(failed?.ok, false);
  assert.match(failed?.summary ?? '', /failed in 2b3c4d5e6f7a: relation "accounts" does not exist/);
  assert.deepEqual(failed?.rowsAfter, [BASE]);
  const editor = await waitFor('the failing migration in the editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === fileOf(BRANCHPOINT).fsPath ? vscode.window.activeTextEditor : undefined));
  assert.match(editor.document.lineAt(editor.selection.active.line).text, /op\.add_column\("accounts"/);
  await vscode.commands.executeCommand('alembicLens.selectConnection', '');
});

function filesBelow(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesBelow(full) : entry.isFile() ? [full] : [];
  });
}

function logTexts(folder: string): { file: string; text: string }[] {
  return [...filesBelow(folder), ...filesBelow(path.join(workspaceRoot(), '.vscode'))].map((file) => ({ file, text: fs.readFileSync(file, 'latin1') }));
}

test('the password appears in no output channel line, log file or settings file', async () => {
  const exported = await api();
  // The protocol trace reaches the channel's file only at the channel's Trace level: set it, then
  // send a request that carries the password (the stored one of connection "test").
  await vscode.commands.executeCommand('alembicLens.showOutput');
  await vscode.commands.executeCommand('workbench.action.output.activeOutputLogLevel.1');
  await vscode.commands.executeCommand('alembicLens.selectConnection', 'test');
  const states = await vscode.commands.executeCommand<{ ok: boolean; message?: string }[]>('alembicLens.refreshDatabase');
  assert.ok(states?.[0]?.ok, states?.[0]?.message);
  // The window's logs: the extension's folder and its siblings (the output channel's log file).
  const logs = path.dirname(path.dirname(exported.logFolder()));
  const texts = await waitFor('the traced alembic/current request in a log file', () => {
    const read = logTexts(logs);
    return read.some(({ text }) => text.includes("Sending request 'alembic/current")) ? read : undefined;
  });
  assert.ok(texts.some(({ text }) => text.includes('Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f7a')), `the run's lines reached a log file under ${logs}`);
  assert.ok(texts.some(({ text }) => text.includes('"password": "***"') || text.includes('"password":"***"')), 'the traced params show the password field redacted');
  await vscode.commands.executeCommand('workbench.action.output.activeOutputLogLevelDefault');
  await vscode.commands.executeCommand('alembicLens.selectConnection', '');
  const leaks = texts.filter(({ text }) => text.includes(PASSWORD) || text.includes(encodeURIComponent(PASSWORD))).map(({ file }) => file);
  assert.deepEqual(leaks, []);
  const settings = JSON.stringify(vscode.workspace.getConfiguration('alembicLens').inspect('connections'));
  assert.ok(!settings.includes(PASSWORD), 'no setting holds the password');
  await setting('trace.server', undefined, vscode.ConfigurationTarget.Global);
  await setting('connections', undefined, vscode.ConfigurationTarget.Global);
});
