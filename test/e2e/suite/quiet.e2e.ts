/** In a Python project without Alembic (group `quiet`), the extension does nothing noticeable. */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AlembicLensApi } from '../../../client/src/extension';
import { readConfig, screenshot, test, waitFor } from './framework';
import { EXTENSION_ID, workspaceRoot } from './fixture';
import type { Snapshot } from './tree.e2e';

const QUIET = { group: 'quiet' };

test('opening a Python file activates the extension, but the server does not start', async () => {
  const file = vscode.Uri.file(path.join(workspaceRoot(), 'app.py'));
  await vscode.window.showTextDocument(file);
  const extension = await waitFor('activation on a Python file', () => {
    const found = vscode.extensions.getExtension<AlembicLensApi>(EXTENSION_ID);
    return found?.isActive ? found : undefined;
  });
  assert.equal(await extension.exports.ready(), false, 'no language server in a workspace without Alembic');
  assert.equal(extension.exports.activationMs(), undefined);
  assert.equal(extension.exports.statusBarText(), '', 'no status bar item');
}, QUIET);

test('no tree, no diagnostics and no hovers without Alembic (screenshot)', async () => {
  const snapshot = await vscode.commands.executeCommand<Snapshot>('alembicLens.test.treeSnapshot');
  assert.equal(snapshot.state, 'noEnvironment');
  assert.deepEqual(snapshot.roots, []);
  const file = vscode.Uri.file(path.join(workspaceRoot(), 'app.py'));
  const document = await vscode.workspace.openTextDocument(file);
  const line = document.getText().split('\n').findIndex((text) => text.startsWith('down_revision'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(line, 18));
  assert.equal(hovers.length, 0, 'no hover on a revision-looking string');
  // The positive signal that nothing will index: ready() settles false only once the client has
  // decided to start no language server (the only thing that publishes our diagnostics).
  const extension = vscode.extensions.getExtension<AlembicLensApi>(EXTENSION_ID)!;
  assert.equal(await extension.exports.ready(), false, 'the client settled on no language server');
  assert.equal(extension.exports.activationMs(), undefined, 'no server was launched');
  const ours = vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics).filter((d) => /alembic/i.test(d.source ?? ''));
  assert.deepEqual(ours, []);
  await screenshot(readConfig(), 'quiet-no-alembic', 500);
}, QUIET);
