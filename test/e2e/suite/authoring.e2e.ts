/**
 * Writing migrations from the editor: "Alembic: New Revision..." answered like a user (which
 * environment, the message box, which head), the file opening with the cursor in upgrade(), the
 * tree grouped by branch on an expand/contract history, the status bar naming each branch's head,
 * and bad input refused with nothing written. Runs after the merge and graph tests (it adds an
 * environment to the workspace, and removes it at the end).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { writeExpandContractHistory, type ExpandContractHistory } from '../../support/expandContract';
import { api } from './activation.e2e';
import { readConfig, screenshot, test, waitFor } from './framework';
import { workspaceRoot } from './fixture';
import { treeSnapshot } from './tree.e2e';

const FOLDER = 'expand-contract';
let history: ExpandContractHistory | undefined;

interface PickItem extends vscode.QuickPickItem {
  [key: string]: unknown;
}

function versionFiles(): string[] {
  return fs.readdirSync(history!.versions).sort();
}

test('authoring: an expand/contract history is grouped by branch, labels on every revision (screenshot)', async () => {
  const exported = await api();
  assert.ok(await exported.ready());
  history = writeExpandContractHistory(path.join(workspaceRoot(), FOLDER), { expand: 6, contract: 4 });
  const snapshot = await waitFor(
    'the expand/contract environment in the tree, grouped',
    async () => {
      const current = await treeSnapshot();
      const root = current.roots.find((candidate) => candidate.description?.startsWith(FOLDER));
      return root?.children.length === 3 ? root : undefined;
    },
    45_000,
  );
  const labels = snapshot.children.map((group) => group.label);
  assert.deepEqual(new Set(labels), new Set(['expand', 'contract', `from base ${history.base}`]));
  const expand = snapshot.children.find((group) => group.label === 'expand')!;
  assert.equal(expand.contextValue, 'branch');
  assert.equal(expand.description, `head ${history.expandHead} · 6 revisions`);
  const nested = (expand as typeof expand & { children: { label: string; description?: string }[] }).children;
  assert.equal(nested.length, 6);
  for (const revision of nested) assert.match(revision.description ?? '', /@expand/, revision.label);

  // The status bar of a file in that environment names both heads and does not warn.
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(history.versions, fs.readdirSync(history.versions).find((name) => name.startsWith(history!.contractHead))!)));
  const status = await waitFor('the status bar naming both branches', () => (/expand: /.test(exported.statusBarText()) ? exported.statusBarText() : undefined));
  assert.match(status, new RegExp(`expand: ${history.expandHead}`));
  assert.match(status, new RegExp(`contract: ${history.contractHead}`));
  assert.doesNotMatch(status, /warning/);
  await vscode.commands.executeCommand('alembicLens.revealCurrentFile');
  await screenshot(readConfig(), 'revision-tree-branches', 1200);
}, { timeoutMs: 90_000 });

test('authoring: New Revision asks for the environment, the message and the head, then opens the file in upgrade()', async () => {
  const exported = await api();
  const before = versionFiles();
  const offered: string[][] = [];
  const prompts: string[] = [];
  // The environment pick (two environments now: answered by config file), then the head pick
  // (two labelled heads: answered by label).
  exported.setPick((async (items: readonly PickItem[]) => {
    offered.push(items.map((item) => `${item.label} ${item.description ?? ''}`));
    if (offered.length === 1) return [items.find((item) => (item.description ?? '').startsWith(FOLDER))!];
    return [items.find((item) => item.label === 'contract')!];
  }) as never);
  exported.setInput(async (options) => {
    prompts.push(options.prompt ?? '');
    return 'drop legacy columns';
  });
  const result = await vscode.commands.executeCommand<{ file: string; revisionId: string }>('alembicLens.newRevision');
  assert.ok(result?.file, `a file was created (picks offered: ${JSON.stringify(offered)})`);
  assert.equal(offered.length, 2, JSON.stringify(offered));
  assert.deepEqual([...offered[1]].sort(), [`contract head ${history!.contractHead}`, `expand head ${history!.expandHead}`], 'the heads by branch label');
  assert.match(prompts[0], /New revision in/);
  assert.equal(path.dirname(result.file), history!.versions);
  assert.match(path.basename(result.file), /^[0-9a-f]{12}_drop_legacy_columns\.py$/);
  assert.deepEqual(versionFiles(), [...before, path.basename(result.file)].sort());
  const text = fs.readFileSync(result.file, 'utf8');
  assert.match(text, new RegExp(`^down_revision = '${history!.contractHead}'$`, 'm'));
  const editor = await waitFor('the new file in the editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === result.file ? vscode.window.activeTextEditor : undefined));
  const cursor = editor.selection.active;
  assert.match(editor.document.lineAt(cursor.line - 1).text, /^def upgrade\(\)/);
  assert.equal(editor.document.lineAt(cursor.line).text.slice(cursor.character), 'pass');
  // The index takes the new head into the contract branch.
  await waitFor('the new revision as the contract head in the status bar', () => exported.statusBarText().includes(`contract: ${result.revisionId}`));
}, { timeoutMs: 90_000 });

test('authoring: bad input (an empty slug, a dismissed pick) writes nothing', async () => {
  const exported = await api();
  const before = versionFiles();
  exported.setPick((async (items: readonly PickItem[]) => [items.find((item) => (item.description ?? '').startsWith(FOLDER)) ?? items[0]]) as never);
  exported.setInput(async () => '!!! ...');
  const refused = await vscode.commands.executeCommand('alembicLens.newRevision');
  assert.equal(refused, undefined, 'the server refused the empty slug');
  // The refusal is shown (a warning) and logged with its reason and code.
  const log = path.join(exported.logFolder(), 'Alembic Lens.log');
  const refusal = /was not created: The message gives an empty file name slug.*\(revision-request-invalid\)/;
  await waitFor('the refusal in the output channel', () => (fs.existsSync(log) && refusal.test(fs.readFileSync(log, 'utf8')) ? true : undefined), 15_000);
  exported.setInput(async () => 'fine message');
  let picks = 0;
  exported.setPick((async (items: readonly PickItem[]) => {
    picks++;
    return picks === 1 ? [items.find((item) => (item.description ?? '').startsWith(FOLDER)) ?? items[0]] : undefined;
  }) as never);
  const dismissed = await vscode.commands.executeCommand('alembicLens.newRevision');
  assert.equal(dismissed, undefined, 'dismissing the head pick cancels');
  assert.equal(picks, 2);
  assert.deepEqual(versionFiles(), before);
});

test('authoring: Merge Heads merges the two branch heads with the message given, from the environment node', async () => {
  const exported = await api();
  const tree = await treeSnapshot();
  assert.ok(tree.roots.some((root) => root.description?.startsWith(FOLDER)));
  const environmentId = `${path.join(workspaceRoot(), FOLDER, 'alembic.ini')}#alembic`;
  exported.setInput(async (options) => (options.value === 'merge heads' ? 'join expand and contract' : undefined));
  const result = await vscode.commands.executeCommand<{ file: string; revisionId: string }>('alembicLens.mergeHeads', { environmentId });
  assert.ok(result?.file, 'a merge file was created');
  assert.match(path.basename(result.file), /_join_expand_and_contract\.py$/);
  const text = fs.readFileSync(result.file, 'utf8');
  const parents = /^down_revision = \('(\w+)', '(\w+)'\)$/m.exec(text);
  assert.ok(parents, text);
  assert.ok(parents.slice(1).includes(history!.expandHead), 'the expand head is a parent');
  assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.file);
  await waitFor('one head, the merge', () => (exported.statusBarText().includes(result.revisionId.slice(0, 12)) ? true : undefined));
}, { timeoutMs: 60_000 });

test('authoring: the added environment is removed again', async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.rmSync(path.join(workspaceRoot(), FOLDER), { recursive: true, force: true });
  await waitFor('the tree without the expand/contract environment', async () => {
    const current = await treeSnapshot();
    return current.roots.every((root) => !root.description?.startsWith(FOLDER)) ? true : undefined;
  }, 45_000);
});
