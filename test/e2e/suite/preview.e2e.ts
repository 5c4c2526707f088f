/** SQL preview documents: read-only `alembic-sql:` documents in the sql language. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BASE, EXTENSION_ID, fileOf, HEAD_BACKFILL, positionOf } from './fixture';

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

test('the SQL preview follows unsaved edits of the migration', async () => {
  const previewUri = vscode.Uri.parse(await vscode.commands.executeCommand<string>('alembicLens.previewSql', BASE));
  const editor = await vscode.window.showTextDocument(fileOf(BASE), { preview: false });
  const line = positionOf(editor.document, '        sa.Column("name"', 'sa', 0).line;
  assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(line, 0), '        sa.Column("nickname", sa.Text()),\n')));
  try {
    await waitFor('the preview to show the new column', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString())?.getText().includes('nickname'),
    );
  } finally {
    await vscode.window.showTextDocument(fileOf(BASE));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.equal(editor.document.isDirty, false, 'reverted');
});

test('SQL inside op.execute() is highlighted by the injection grammar (screenshot)', async () => {
  const grammars = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.grammars as { injectTo: string[]; path: string }[];
  assert.ok(grammars.some((grammar) => grammar.injectTo.includes('source.python')), 'injection grammar contributed');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const editor = await vscode.window.showTextDocument(fileOf(HEAD_BACKFILL), { preview: false });
  const position = positionOf(editor.document, '    op.execute', 'UPDATE', 0);
  editor.selection = new vscode.Selection(position, position);
  await screenshot(readConfig(), '7-sql-injection', 1200);
});

test('Preview Downgrade SQL renders the reverse', async () => {
  const uriText = await vscode.commands.executeCommand<string>('alembicLens.previewDowngradeSql', BASE);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
  assert.match(document.getText(), /DROP TABLE accounts/i, document.getText());
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
