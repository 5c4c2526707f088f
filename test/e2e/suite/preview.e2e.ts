/** SQL preview documents: read-only `alembic-sql:` documents in the sql language. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, screenshot, test, waitFor, waitForWorkbench } from './framework';
import { BASE, fileOf, HEAD_BACKFILL, positionOf } from './fixture';

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
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const editor = await vscode.window.showTextDocument(fileOf(HEAD_BACKFILL), { preview: false });
  const config = readConfig();
  // VS Code's own token inspector (Developer: Inspect Editor Tokens and Scopes) shows the
  // TextMate scopes the editor gave the token under the cursor: first on the SQL keyword...
  const onKeyword = positionOf(editor.document, '    op.execute', 'UPDATE', 1);
  editor.selection = new vscode.Selection(onKeyword, onKeyword);
  await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  try {
    const [widget] = await waitForWorkbench(config, 'the token inspector on UPDATE', '.token-inspect-widget', (found) => found.some((element) => element.text.includes('meta.embedded.sql.alembic-lens')));
    assert.match(widget.text, /keyword\.[\w.]*\.sql/, `UPDATE has an SQL keyword scope: ${widget.text}`);
    assert.ok(widget.text.includes('source.python'), `inside Python: ${widget.text}`);
    await screenshot(config, '7-sql-injection', 300);
    // ...then on a Python name outside the string, which must stay Python.
    const onPython = positionOf(editor.document, '    op.execute', 'op', 0);
    editor.selection = new vscode.Selection(onPython, onPython);
    await waitForWorkbench(config, 'the token inspector on op', '.token-inspect-widget', (found) =>
      found.some((element) => element.text.includes('variable.other.object.python') && !element.text.includes('meta.embedded.sql')),
    );
  } finally {
    await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  }
});

test('Preview Downgrade SQL renders the reverse', async () => {
  const uriText = await vscode.commands.executeCommand<string>('alembicLens.previewDowngradeSql', BASE);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
  assert.match(document.getText(), /DROP TABLE accounts/i, document.getText());
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
