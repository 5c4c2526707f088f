/**
 * The lock trace in the real VS Code: the "Trace locks" CodeLens above upgrade() runs the
 * migration (its unsaved buffer) on the embedded database, and the result shows at the op.* lines
 * as inlay hints and in the hover, with the safety lint's prediction confirmed (screenshot for
 * the README). The buffer is reverted afterwards, which drops the result.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TraceLocksResult } from '../../../server/src/protocol';
import { readConfig, screenshot, test, waitFor } from './framework';
import { BRANCHPOINT, fileOf, positionOf } from './fixture';

const INDEX_LINE = '    op.create_index("ix_accounts_email", "accounts", ["email"])\n';

test('Trace locks: the CodeLens traces upgrade() on the embedded database; locks, what they block and the rule verdict show as inlay hints and hover (screenshot)', async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const uri = fileOf(BRANCHPOINT);
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const addColumn = positionOf(editor.document, '    op.add_column', 'op', 0).line;
  // An unsaved index on the existing table: the trace runs what the editor shows.
  assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(addColumn + 1, 0), INDEX_LINE)));
  const indexLine = addColumn + 1;
  try {
    const lens = await waitFor('the Trace locks lens on upgrade()', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
      return lenses.find((candidate) => candidate.command?.title === 'Trace locks' && candidate.command.arguments?.[0]?.direction === 'upgrade');
    });
    const result = await vscode.commands.executeCommand<TraceLocksResult>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(result?.ok, JSON.stringify(result));
    const traced = result.lines.find((line) => line.line === indexLine);
    assert.ok(traced, JSON.stringify(result.lines));
    assert.ok(traced.taken.some((lock) => lock.relation === 'accounts' && lock.mode === 'ShareLock' && lock.blocks === 'blocks writes'), JSON.stringify(traced));
    assert.deepEqual(traced.predictions.map((check) => [check.code, check.verdict]), [['create-index-not-concurrently', 'confirmed']]);
    const added = result.lines.find((line) => line.line === addColumn);
    assert.ok(added?.taken.some((lock) => lock.relation === 'accounts' && lock.mode === 'AccessExclusiveLock'), JSON.stringify(added));

    const range = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const hints = await waitFor('the trace inlay hints', async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
      return found.some((hint) => hint.position.line === indexLine) ? found : undefined;
    });
    const label = (hint: vscode.InlayHint): string => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
    const onIndex = hints.find((hint) => hint.position.line === indexLine)!;
    assert.match(label(onIndex), /ShareLock on accounts \(blocks writes\).*confirms create-index-not-concurrently/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(indexLine, 8));
    const hoverText = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(hoverText, /Lock trace/);
    assert.match(hoverText, /`ShareLock` on table `accounts`: blocks writes/);

    editor.revealRange(new vscode.Range(Math.max(0, addColumn - 6), 0, indexLine + 4, 0), vscode.TextEditorRevealType.AtTop);
    await screenshot(readConfig(), '8-lock-trace', 2000);

    // Another edit: the traced text is gone, so is the result, and with it the hints.
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(indexLine + 1, 0), '    # reviewed\n')));
    await waitFor('the hints to go once the text changed', async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, editor.document.lineCount, 0));
      return found.length === 0 ? true : undefined;
    });
  } finally {
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.equal(editor.document.isDirty, false, 'reverted');
}, { timeoutMs: 180_000 });
