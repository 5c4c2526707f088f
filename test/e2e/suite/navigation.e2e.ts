/** Hover, go to definition and CodeLens on the fixture's migrations, through the real vscode API. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BRANCHPOINT, fileOf, HEAD_ORDERS, positionOf } from './fixture';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

test('hover on a down_revision id describes the parent revision (screenshot)', async () => {
  const document = await vscode.workspace.openTextDocument(fileOf(HEAD_ORDERS));
  const position = positionOf(document, 'down_revision', BRANCHPOINT);
  const hovers = await waitFor('a hover', async () => {
    const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    return result.length > 0 && hoverText(result).includes(BRANCHPOINT) ? result : undefined;
  });
  const text = hoverText(hovers);
  assert.match(text, /add email to accounts/, text);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.showHover');
  await screenshot(readConfig(), '3-hover', 1500);
});

test('go to definition on a down_revision id lands on the parent revision', async () => {
  const document = await vscode.workspace.openTextDocument(fileOf(HEAD_ORDERS));
  const position = positionOf(document, 'down_revision', BRANCHPOINT);
  const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
  assert.ok(definitions.length > 0, 'a definition');
  const first = definitions[0];
  const uri = 'targetUri' in first ? first.targetUri : first.uri;
  const range = 'targetUri' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
  assert.equal(uri.fsPath, fileOf(BRANCHPOINT).fsPath);
  const target = await vscode.workspace.openTextDocument(uri);
  assert.match(target.lineAt(range.start.line).text, /^revision|Revision ID/, target.lineAt(range.start.line).text);
});

test('CodeLens offers Preview SQL and Merge heads on a head (screenshot)', async () => {
  const uri = fileOf(HEAD_ORDERS);
  // The command needs the document loaded in the workbench ("Illegal argument" otherwise).
  await vscode.workspace.openTextDocument(uri);
  const lenses = await waitFor('code lenses', async () => {
    const result = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    return result.length > 0 ? result : undefined;
  });
  const titles = lenses.map((lens) => lens.command?.title ?? '');
  assert.ok(titles.includes('Preview SQL'), titles.join(' | '));
  assert.ok(titles.some((title) => /^Merge heads/.test(title)), titles.join(' | '));
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
  const position = positionOf(editor.document, 'def upgrade', 'upgrade', 0);
  editor.revealRange(new vscode.Range(position.line - 8, 0, position.line, 0), vscode.TextEditorRevealType.AtTop);
  await screenshot(readConfig(), '4-codelens', 2000);
});

test('alembicLens.codeLens.enabled = false hides the CodeLens, true brings it back', async () => {
  const uri = fileOf(HEAD_ORDERS);
  await vscode.workspace.openTextDocument(uri);
  const configuration = () => vscode.workspace.getConfiguration('alembicLens');
  const count = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)).length;
  await configuration().update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
  try {
    await waitFor('no CodeLens', async () => (await count()) === 0);
  } finally {
    await configuration().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
  }
  await waitFor('the CodeLens back', async () => (await count()) > 0);
});
