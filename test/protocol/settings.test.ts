// `alembicLens.exclude` and `alembicLens.logLevel` over real LSP: the settings arrive in
// initializationOptions.settings and later in workspace/didChangeConfiguration (as VS Code's
// client sends them: `{ settings: { alembicLens: {...} } }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { TreeResult } from '../../server/src/protocol';
import { applySettings, DEFAULT_EDITOR_LINT, DEFAULT_SERVER_SETTINGS, settingsFromConfigurationChange, validSettings } from '../../server/src/lsp/settings';
import { startClient, uriOf, type TestClient } from './support/lspClient';
import { temporaryFolder } from '../support/temporaryFolders';

const INFO = 3;
const DEBUG = 5;

/** An Alembic environment in `dir` with one migration whose parent is missing; returns the migration. */
function writeEnvironment(dir: string): string {
  fs.mkdirSync(path.join(dir, 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(dir, 'env.py'), 'from alembic import context\n');
  const migration = path.join(dir, 'versions', '0001_init.py');
  fs.writeFileSync(migration, 'revision = "0001"\ndown_revision = "gone"\n');
  return migration;
}

/** A workspace with two environments (app/, legacy/db/), each with one `missing-parent` migration. */
function workspace(): { root: string; app: string; legacy: string } {
  const root = fs.realpathSync(temporaryFolder('lens-lsp-settings-'));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  return { root, app: writeEnvironment(path.join(root, 'app')), legacy: writeEnvironment(path.join(root, 'legacy', 'db')) };
}

const hasMissingParent = (list: { code?: number | string }[]) => list.some((d) => d.code === 'missing-parent');

function configure(client: TestClient, settings: Record<string, unknown>): Promise<void> {
  return client.notify('workspace/didChangeConfiguration', { settings: { alembicLens: settings } });
}

function indexChangedCount(client: TestClient): number {
  return client.notifications.filter((n) => n.method === 'alembic/indexChanged').length;
}

async function treeFolders(client: TestClient, root: string): Promise<string[]> {
  const tree = await client.request<TreeResult>('alembic/tree', {});
  return tree.environments.map((env) => path.relative(root, path.dirname(env.configFile)).split(path.sep).join('/')).sort();
}

test('exclude: no diagnostics under an excluded folder at start; didChangeConfiguration brings them back and clears them again', async () => {
  const { root, app, legacy } = workspace();
  const client = await startClient({ root, initializationOptions: { settings: { exclude: ['legacy/**'], logLevel: 'info' } } });
  try {
    await client.waitForIndex();
    await client.waitForDiagnostics(app, 'missing-parent', hasMissingParent);
    assert.equal(client.publishLog.filter((entry) => entry.uri === uriOf(legacy)).length, 0, 'nothing published for the excluded environment');
    assert.deepEqual(await treeFolders(client, root), ['app']);

    // Removing the glob: the environment is discovered, its diagnostics appear, the tree is told.
    let notices = indexChangedCount(client);
    await configure(client, { exclude: [], logLevel: 'info' });
    await client.waitForDiagnostics(legacy, 'missing-parent', hasMissingParent);
    await client.waitFor('alembic/indexChanged after the change', () => indexChangedCount(client) > notices);
    assert.deepEqual(await treeFolders(client, root), ['app', 'legacy/db']);
    assert.ok(client.logs.some((log) => log.type === INFO && log.message.includes('alembicLens.exclude changed')));

    // Excluding it again: its published diagnostics are cleared (an empty publish), app's stay.
    notices = indexChangedCount(client);
    await configure(client, { exclude: ['**/legacy/**'], logLevel: 'info' });
    await client.waitForDiagnostics(legacy, 'cleared diagnostics', (list) => list.length === 0);
    await client.waitFor('alembic/indexChanged after the second change', () => indexChangedCount(client) > notices);
    assert.ok(hasMissingParent(client.diagnosticsOf(app)));
    assert.deepEqual(await treeFolders(client, root), ['app']);

    // The same globs again (VS Code resends the section on any change): no re-discovery at all.
    const published = client.publishLog.length;
    const logs = client.logs.length;
    notices = indexChangedCount(client);
    await configure(client, { exclude: ['**/legacy/**'], logLevel: 'info' });
    // A request after the notification: the server has handled the notification when it answers.
    await client.request('alembic/status', {});
    assert.equal(client.publishLog.length, published);
    assert.equal(indexChangedCount(client), notices);
    assert.deepEqual(client.logs.slice(logs).filter((log) => log.message.includes('exclude changed')), []);
  } finally {
    await client.dispose();
  }
});

test('a config file created in an excluded folder creates no environment', async () => {
  const { root } = workspace();
  const client = await startClient({ root, initializationOptions: { settings: { exclude: ['legacy/**'] } } });
  try {
    await client.waitForIndex();
    // Both environments are written after the index, so only the created events can reveal them.
    const excluded = writeEnvironment(path.join(root, 'legacy', 'added'));
    const included = writeEnvironment(path.join(root, 'added'));
    const configOf = (migration: string) => path.join(path.dirname(path.dirname(migration)), 'alembic.ini');
    await client.watched([{ file: configOf(excluded), type: 1 }]);
    // The positive signal that created config files are handled at all: the same event outside
    // the excluded folder brings an environment (its missing parent is reported).
    await client.watched([{ file: configOf(included), type: 1 }]);
    await client.waitForDiagnostics(included, 'missing-parent of the created environment', hasMissingParent);
    assert.deepEqual(await treeFolders(client, root), ['added', 'app']);
    assert.equal(client.publishLog.filter((entry) => entry.uri === uriOf(excluded)).length, 0, 'nothing published for the excluded one');
  } finally {
    await client.dispose();
  }
});

test('logLevel: the indexing summary (info) is sent at the default level and suppressed at `error`', async () => {
  const { root } = workspace();
  const chatty = await startClient({ root });
  try {
    await chatty.waitForIndex();
    assert.ok(chatty.logs.some((log) => log.type === INFO && /indexed 2 environment\(s\)/.test(log.message)), 'info summary at the default level');
  } finally {
    await chatty.dispose();
  }
  const quiet = await startClient({ root, initializationOptions: { settings: { logLevel: 'error' } } });
  try {
    await quiet.waitForIndex();
    await quiet.request('alembic/status', {});
    assert.deepEqual(quiet.logs.filter((log) => log.type !== 1), [], 'only errors may be sent at `error`');
  } finally {
    await quiet.dispose();
  }
});

test('logLevel changed by didChangeConfiguration filters the next lines: error hides info, debug shows debug', async () => {
  const { root, legacy } = workspace();
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    // `error`: the exclude change still happens (diagnostics cleared) but its info line is not sent.
    let logs = client.logs.length;
    await configure(client, { logLevel: 'error', exclude: ['legacy/**'] });
    await client.waitForDiagnostics(legacy, 'cleared diagnostics', (list) => list.length === 0);
    await client.request('alembic/status', {});
    assert.deepEqual(client.logs.slice(logs), []);

    // Back to `info`: the same kind of change now logs its info line.
    logs = client.logs.length;
    await configure(client, { logLevel: 'info', exclude: [] });
    await client.waitForDiagnostics(legacy, 'missing-parent', hasMissingParent);
    const infoLines = client.logs.slice(logs);
    assert.ok(infoLines.some((log) => log.type === INFO && log.message.includes('alembicLens.exclude changed')));
    assert.ok(!infoLines.some((log) => log.type === DEBUG), 'no debug lines at `info`');

    // `debug`: the settings line (debug) is sent.
    logs = client.logs.length;
    await configure(client, { logLevel: 'debug', exclude: [] });
    await client.waitFor('a debug log line', () => client.logs.slice(logs).find((log) => log.type === DEBUG && log.message.includes('logLevel debug')));
  } finally {
    await client.dispose();
  }
});

test('settings payloads from any editor: the VS Code section, flat keys, and ill-typed values that keep the current value', () => {
  assert.deepEqual(settingsFromConfigurationChange({ settings: { alembicLens: { exclude: ['a/**'], logLevel: 'warn', codeLens: { enabled: true } } } }), { exclude: ['a/**'], logLevel: 'warn' });
  assert.deepEqual(settingsFromConfigurationChange({ settings: { exclude: ['b/**'] } }), { exclude: ['b/**'] });
  assert.deepEqual(settingsFromConfigurationChange({ settings: { alembicLens: { exclude: 'legacy/**', logLevel: 'loud' } } }), {});
  assert.deepEqual(settingsFromConfigurationChange({ settings: { alembicLens: { exclude: ['ok', 3] } } }), {});
  assert.deepEqual(settingsFromConfigurationChange({ settings: null }), {});
  assert.deepEqual(settingsFromConfigurationChange(undefined), {});
  assert.deepEqual(validSettings(['not', 'an', 'object']), {});
  const current = applySettings(DEFAULT_SERVER_SETTINGS, { exclude: ['x/**'] });
  assert.deepEqual(applySettings(current, {}), { exclude: ['x/**'], logLevel: 'info', lint: DEFAULT_EDITOR_LINT });
  assert.deepEqual(applySettings(current, { logLevel: 'trace' }), { exclude: ['x/**'], logLevel: 'trace', lint: DEFAULT_EDITOR_LINT });
});

test('an ill-typed exclude in didChangeConfiguration keeps the current globs (no crash, no re-discovery)', async () => {
  const { root, legacy } = workspace();
  const client = await startClient({ root, initializationOptions: { settings: { exclude: ['legacy/**'] } } });
  try {
    await client.waitForIndex();
    const notices = indexChangedCount(client);
    await configure(client, { exclude: 'legacy/**', logLevel: 42 });
    await client.request('alembic/status', {});
    assert.equal(indexChangedCount(client), notices);
    assert.deepEqual(await treeFolders(client, root), ['app']);
    assert.equal(client.publishLog.filter((entry) => entry.uri === uriOf(legacy)).length, 0);
    assert.deepEqual(client.logs.filter((log) => log.type === 1), [], 'no error logged');
  } finally {
    await client.dispose();
  }
});
