/**
 * Restricted Mode (the `restricted` session: workspace trust on, test/fixtures/e2e-online left
 * untrusted): nothing connects and nothing runs. The database commands refuse with a message, no
 * database state is read even with a connection chosen in the user's settings, the Python
 * interpreter of the user's settings is never started, and the database CodeLenses are hidden;
 * the read-only features (index, tree, SQL preview lenses, hovers) still work.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { api } from './activation.e2e';
import { readConfig, screenshot, test, waitFor, waitForWorkbench } from './framework';
import { ITEMS, lensesOf, listeningHost, MERGE, onlineFileOf, setting } from './onlineWorkspace';
import { treeSnapshot } from './tree.e2e';

const RESTRICTED = { group: 'restricted' };

test('the workspace is untrusted, yet the index, the tree, hovers and the SQL preview lenses work', async () => {
  assert.equal(vscode.workspace.isTrusted, false, 'the session must open the workspace in Restricted Mode');
  const exported = await api();
  assert.equal(await exported.ready(), true, 'the language server runs in Restricted Mode (it reads files only)');
  const snapshot = await waitFor('a ready tree', async () => {
    const current = await treeSnapshot();
    return current.state === 'ready' && current.roots.length === 1 ? current : undefined;
  });
  assert.equal(snapshot.roots[0].label, 'alembic');
  const titles = await waitFor('the SQL preview lens', async () => {
    const found = (await lensesOf(ITEMS)).map((lens) => lens.command?.title ?? '');
    return found.includes('Preview SQL') ? found : undefined;
  });
  for (const hidden of ['Upgrade to here', 'Downgrade to parent', 'Stamp', 'Dry run']) {
    assert.ok(!titles.some((title) => title.startsWith(hidden)), `the "${hidden}" lens is shown in Restricted Mode: ${titles.join(' | ')}`);
  }
  const document = await vscode.workspace.openTextDocument(onlineFileOf(MERGE));
  const line = document.getText().split('\n').findIndex((text) => text.startsWith('down_revision'));
  const character = document.lineAt(line).text.indexOf(ITEMS.slice(0, 4)) >= 0 ? document.lineAt(line).text.indexOf(ITEMS.slice(0, 4)) : document.lineAt(line).text.indexOf('"') + 2;
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
  assert.ok(hovers.length > 0, 'a hover on a revision id in down_revision');
  await vscode.window.showTextDocument(document);
  await screenshot(readConfig(), '12-restricted-mode', 1500);
}, RESTRICTED);

test('the database commands refuse with a message; nothing connects, no state is read, no Python runs', async () => {
  const exported = await api();
  const host = await listeningHost();
  // A "Python" that leaves a mark when started: Restricted Mode must never start it.
  const marker = path.join(os.tmpdir(), `alembic-lens-restricted-${process.pid}-${Date.now()}`);
  const python = `${marker}.sh`;
  fs.writeFileSync(python, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  const asked: string[] = [];
  exported.setConfirm(async (message) => {
    asked.push(message);
    return true;
  });
  exported.setInput(async () => {
    asked.push('input');
    return '';
  });
  try {
    // The user's own settings (Restricted Mode ignores the workspace's): a connection and an interpreter.
    await setting('connections', { watched: { url: `postgresql://app@127.0.0.1:${host.port}/app` } }, vscode.ConfigurationTarget.Global);
    await setting('activeConnection', 'watched', vscode.ConfigurationTarget.Global);
    // Machine-scoped: a remote window keeps it in the machine's settings, which Global reaches.
    await setting('python', python, vscode.ConfigurationTarget.Global);
    assert.equal(vscode.workspace.getConfiguration('alembicLens').get('python'), python, 'the interpreter setting took');
    // The environment's id, from the arguments of a lens that is shown (Preview SQL).
    const preview = (await lensesOf(ITEMS)).find((lens) => lens.command?.title === 'Preview SQL');
    const environmentId = (preview?.command?.arguments?.[0] as { environmentId?: string } | undefined)?.environmentId;
    assert.ok(environmentId, 'the Preview SQL lens names its environment');
    const args = { environmentId, revisionId: ITEMS, uri: onlineFileOf(ITEMS).toString() };
    for (const command of ['upgradeToHere', 'downgradeToParent', 'stamp', 'dryRun', 'refreshDatabase', 'resetEmbeddedDatabase']) {
      const result = await vscode.commands.executeCommand(`alembicLens.${command}`, args);
      assert.equal(result, undefined, `alembicLens.${command} returned ${JSON.stringify(result)}`);
    }
    await vscode.commands.executeCommand('notifications.showList');
    await waitForWorkbench(readConfig(), 'the refusal in a notification', '.notification-list-item-message', (elements) =>
      elements.some((element) => /not trusted.*Restricted Mode/.test(element.text)),
    );
    assert.deepEqual(asked, [], 'a question was asked (a host, a password or a confirmation) in Restricted Mode');
    assert.equal(host.connections(), 0, 'something connected to the database host');
    assert.equal(exported.databaseState(environmentId), undefined, 'a database state was read');
    assert.equal(exported.connectionStatusText(), '', 'the connection status item shows nothing in Restricted Mode');
    assert.equal(fs.existsSync(marker), false, 'the Python interpreter was started');
    await vscode.commands.executeCommand('notifications.clearAll');
  } finally {
    await setting('python', undefined, vscode.ConfigurationTarget.Global);
    await setting('activeConnection', undefined, vscode.ConfigurationTarget.Global);
    await setting('connections', undefined, vscode.ConfigurationTarget.Global);
    await host.close();
    fs.rmSync(python, { force: true });
    fs.rmSync(marker, { force: true });
  }
}, RESTRICTED);
