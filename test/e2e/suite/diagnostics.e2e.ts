/** The two heads of the fixture produce multiple-heads diagnostics, visible in the Problems panel. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, screenshot, test, waitFor } from './framework';
import { fileOf, HEAD_BACKFILL, HEAD_ORDERS } from './fixture';

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function multipleHeadDiagnostics(): [vscode.Uri, vscode.Diagnostic[]][] {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, diagnostics]) => [uri, diagnostics.filter((d) => codeOf(d) === 'multiple-heads')] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, diagnostics]) => diagnostics.length > 0);
}

test('multiple-heads diagnostics appear on both heads', async () => {
  for (const head of [HEAD_ORDERS, HEAD_BACKFILL]) await vscode.workspace.openTextDocument(fileOf(head));
  const found = await waitFor(
    'multiple-heads on both head files',
    () => {
      const files = multipleHeadDiagnostics().map(([uri]) => uri.fsPath);
      return files.includes(fileOf(HEAD_ORDERS).fsPath) && files.includes(fileOf(HEAD_BACKFILL).fsPath) ? files : undefined;
    },
    45_000,
  );
  assert.ok(found.length >= 2);
  const [diagnostic] = vscode.languages.getDiagnostics(fileOf(HEAD_ORDERS)).filter((d) => codeOf(d) === 'multiple-heads');
  assert.ok(diagnostic.message.length > 0, 'has a message');
  assert.ok(diagnostic.message.includes(HEAD_BACKFILL) || diagnostic.message.toLowerCase().includes('head'), diagnostic.message);
  assert.equal(diagnostic.source?.toLowerCase().includes('alembic'), true, `source ${diagnostic.source}`);
});

test('the Problems panel lists the multiple-heads diagnostic (screenshot)', async () => {
  await vscode.window.showTextDocument(fileOf(HEAD_ORDERS), { preview: false });
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await screenshot(readConfig(), '2-problems-panel', 1500);
  await vscode.commands.executeCommand('workbench.action.closePanel');
});
