/** The revision tree, the status bar, and reveal-current-file, read through the test snapshot command. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NodeView } from '../../../client/src/views/treeModel';
import { api } from './activation.e2e';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BASE, BRANCHPOINT, fileOf, HEAD_BACKFILL, HEAD_ORDERS } from './fixture';

export interface Snapshot {
  state: string;
  roots: (NodeView & { children: NodeView[] })[];
}

export function treeSnapshot(): Thenable<Snapshot> {
  return vscode.commands.executeCommand<Snapshot>('alembicLens.test.treeSnapshot');
}

test('the tree has one environment with its revisions from the heads to the base', async () => {
  const snapshot = await waitFor('a ready tree', async () => {
    const current = await treeSnapshot();
    return current.state === 'ready' && current.roots.length > 0 && current.roots[0].children.length === 4 ? current : undefined;
  });
  assert.equal(snapshot.roots.length, 1);
  const [root] = snapshot.roots;
  assert.equal(root.label, 'alembic');
  assert.match(root.description ?? '', /alembic\.ini$/);
  assert.equal(root.contextValue, 'environment.multipleHeads');
  const labels = root.children.map((child) => child.label);
  assert.deepEqual(new Set(labels.slice(0, 2)), new Set([HEAD_ORDERS, HEAD_BACKFILL]), 'heads first');
  assert.deepEqual(labels.slice(2), [BRANCHPOINT, BASE], 'then down to the base');
});

test('tree items carry markers, descriptions, tooltips and context values', async () => {
  const [root] = (await treeSnapshot()).roots;
  const byId = new Map(root.children.map((child) => [child.label, child]));
  const head = byId.get(HEAD_ORDERS)!;
  assert.match(head.description ?? '', /\(head\)/);
  assert.match(head.description ?? '', /create orders/);
  assert.equal(head.contextValue, 'revision.head.multipleHeads');
  assert.equal(head.icon, 'warning', 'the head carries the multiple-heads problem');
  const branchpoint = byId.get(BRANCHPOINT)!;
  assert.equal(branchpoint.icon, 'repo-forked');
  assert.match(branchpoint.tooltip, /add email to accounts/);
  assert.match(branchpoint.tooltip, /Created: 2024-01-11/);
  assert.match(branchpoint.tooltip, /2b3c4d5e6f7a_add_email\.py/);
  assert.equal(byId.get(BASE)!.icon, 'debug-breakpoint-log-unverified');
  assert.equal(branchpoint.file, fileOf(BRANCHPOINT).fsPath);
  assert.equal(typeof branchpoint.line, 'number');
});

test('the status bar shows "2 heads" and the language status "ready"', async () => {
  const exported = await api();
  await vscode.window.showTextDocument(fileOf(HEAD_ORDERS));
  const text = await waitFor('the status bar text', () => (exported.statusBarText().includes('heads') ? exported.statusBarText() : undefined));
  assert.match(text, /2 heads/);
  await waitFor('the language status to be ready', () => exported.languageStatusText() === 'Alembic: ready');
});

test('copy revision id puts the id on the clipboard', async () => {
  const copied = await vscode.commands.executeCommand<string>('alembicLens.copyRevisionId', BASE);
  assert.equal(copied, BASE);
  assert.equal(await vscode.env.clipboard.readText(), BASE);
});

test('open revision opens the file at its revision line; reveal current file selects it (screenshot)', async () => {
  const [root] = (await treeSnapshot()).roots;
  const branchpoint = root.children.find((child) => child.label === BRANCHPOINT)!;
  const opened = await vscode.commands.executeCommand<string>('alembicLens.openRevision', BRANCHPOINT);
  assert.equal(opened, fileOf(BRANCHPOINT).fsPath);
  const editor = vscode.window.activeTextEditor!;
  assert.equal(editor.document.uri.fsPath, fileOf(BRANCHPOINT).fsPath);
  assert.equal(editor.selection.active.line, branchpoint.line);
  assert.match(editor.document.lineAt(branchpoint.line!).text, /^revision/);
  await vscode.window.showTextDocument(fileOf(HEAD_ORDERS));
  const revealed = await vscode.commands.executeCommand<string>('alembicLens.revealCurrentFile');
  assert.equal(revealed, HEAD_ORDERS);
  await screenshot(readConfig(), '1-revision-tree', 1200);
});
