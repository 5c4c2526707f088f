/** Merging the two heads: the quick fix is offered, the command asks first, and the diagnostics clear. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api } from './activation.e2e';
import { codeOf, multipleHeadDiagnostics } from './diagnostics.e2e';
import { readConfig, screenshot, test, waitFor } from './framework';
import { fileOf, HEAD_BACKFILL, HEAD_ORDERS, versionsDir } from './fixture';
import { treeSnapshot, type Snapshot } from './tree.e2e';

async function mergeLensOf(revision: string): Promise<vscode.CodeLens> {
  await vscode.workspace.openTextDocument(fileOf(revision));
  return waitFor('the Merge heads lens', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileOf(revision), 10);
    return lenses.find((lens) => /^Merge heads/.test(lens.command?.title ?? ''));
  });
}

test('the multiple-heads diagnostic offers a "create merge revision" quick fix', async () => {
  const uri = fileOf(HEAD_ORDERS);
  await vscode.workspace.openTextDocument(uri);
  const diagnostic = await waitFor('the multiple-heads diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'multiple-heads'));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const titles = actions.map((action) => action.title);
  assert.ok(titles.some((title) => /merge revision/i.test(title)), titles.join(' | '));
});

test('declining the confirmation creates nothing', async () => {
  const exported = await api();
  const before = fs.readdirSync(versionsDir()).sort();
  let asked = '';
  exported.setConfirm(async (message) => {
    asked = message;
    return false;
  });
  const lens = await mergeLensOf(HEAD_ORDERS);
  assert.ok(lens.command, 'Merge heads lens');
  const result = await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
  assert.equal(result, undefined);
  assert.match(asked, /merge revision/i);
  assert.deepEqual(fs.readdirSync(versionsDir()).sort(), before);
});

test('merging the heads (CodeLens command) creates the merge file and clears the diagnostics', async () => {
  const exported = await api();
  assert.ok(await exported.ready());
  exported.setConfirm(async () => true);
  await waitFor('the multiple-heads diagnostics', () => multipleHeadDiagnostics().length >= 2);
  const lens = await mergeLensOf(HEAD_ORDERS);
  const result = await vscode.commands.executeCommand<{ file: string; revisionId: string }>(lens.command!.command, ...(lens.command!.arguments ?? []));
  assert.ok(result?.file, 'a merge file was created');
  assert.equal(path.dirname(result.file), versionsDir());
  const text = fs.readFileSync(result.file, 'utf8');
  assert.ok(text.includes(HEAD_ORDERS) && text.includes(HEAD_BACKFILL), 'down_revision names both heads');
  await waitFor('the multiple-heads diagnostics to clear', () => multipleHeadDiagnostics().length === 0, 45_000);
  let last: Snapshot | undefined;
  const snapshot = await waitFor('a tree with one head', async () => {
    last = await treeSnapshot();
    return last.roots[0]?.children.length === 5 ? last : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}\nlast tree: ${JSON.stringify(last?.roots.map((root) => root.children.map((child) => `${child.label} ${child.description}`)))}`);
  });
  const [root] = snapshot.roots;
  assert.equal(root.contextValue, 'environment');
  assert.equal(root.children[0].label, result.revisionId);
  assert.match(root.children[0].description ?? '', /head, mergepoint/);
  await waitFor('the status bar to show the single head', () => !exported.statusBarText().includes('heads') && exported.statusBarText().includes(result.revisionId.slice(0, 8)));
  await vscode.commands.executeCommand('alembicLens.revisions.focus');
  await screenshot(readConfig(), '6-after-merge', 1500);
});
