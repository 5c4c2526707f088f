/**
 * Alembic: Select Connection from the palette, in a workspace with no connection configured: the
 * pick held "embedded" alone, with no way to where connections are defined. Its last item now
 * opens the settings at alembicLens.connections, and choosing it changes no setting.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clickWorkbench, readConfig, test, waitFor, waitForWorkbench } from './framework';

const ROWS = '.quick-input-list .monaco-list-row';

test('Select Connection offers "Add a Connection..." after the connections; it opens the settings and chooses nothing', async () => {
  const settings = () => vscode.workspace.getConfiguration('alembicLens').inspect<string>('activeConnection');
  const before = settings();
  const picked = vscode.commands.executeCommand('alembicLens.selectConnection');
  const config = readConfig();
  const rows = await waitForWorkbench(config, 'the connection pick', ROWS, (found) => found.some((row) => row.text.includes('Add a Connection')));
  const texts = rows.map((row) => row.text);
  assert.ok(texts[0].includes('embedded'), texts.join(' | '));
  assert.ok(texts[texts.length - 1].includes('Add a Connection...'), `the last item: ${texts.join(' | ')}`);
  await clickWorkbench(config, ROWS, 'Add a Connection');
  assert.equal(await picked, undefined);
  await waitFor('the settings editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 10_000);
  assert.deepEqual(settings(), before, 'no connection was chosen');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});
