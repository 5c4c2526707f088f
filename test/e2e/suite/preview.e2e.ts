/** SQL preview documents: read-only `alembic-sql:` documents in the sql language. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BASE } from './fixture';

test('Preview Upgrade SQL opens the revision SQL as a read-only sql document (screenshot)', async () => {
  const uriText = await vscode.commands.executeCommand<string>('alembicLens.previewSql', BASE);
  assert.ok(uriText, 'the command returns the preview uri');
  const uri = vscode.Uri.parse(uriText);
  assert.equal(uri.scheme, 'alembic-sql');
  const document = await waitFor('the preview document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
  assert.equal(document.languageId, 'sql');
  assert.match(document.getText(), /CREATE TABLE accounts/i, document.getText());
  await screenshot(readConfig(), '5-sql-preview', 1200);
});

test('Preview Downgrade SQL renders the reverse', async () => {
  const uriText = await vscode.commands.executeCommand<string>('alembicLens.previewDowngradeSql', BASE);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
  assert.match(document.getText(), /DROP TABLE accounts/i, document.getText());
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
