/**
 * The Revision Graph view: opened in the real workbench, its rows and lanes read back from the
 * webview's DOM (the webview answers probes through postMessage, from what its DOM holds), a row
 * clicked to open its file, and frame times measured while scrolling a generated
 * 5,000-revision history (bench/generate-history.mjs, written into the test workspace).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GraphDomState } from '../../../client/src/graph/messages';
import type { DatabaseState } from '../../../server/src/protocol';
import { api } from './activation.e2e';
import { facts, readConfig, screenshot, test, waitFor, waitForWorkbench } from './framework';
import { BASE, BRANCHPOINT, fileOf, HEAD_BACKFILL, HEAD_ORDERS, workspaceRoot } from './fixture';

const BIG_REVISIONS = 5000;

async function openGraph(): Promise<void> {
  await vscode.commands.executeCommand('alembicLens.graph.focus');
}

/** Probes until the webview's DOM satisfies `check` (the view loads, and reloads, asynchronously). */
async function graphState(what: string, check: (state: GraphDomState) => boolean, timeoutMs = 30_000): Promise<GraphDomState> {
  const hooks = (await api()).graphView();
  return waitFor(what, async () => {
    const state = await hooks.probe(5_000);
    return check(state) ? state : undefined;
  }, timeoutMs, 250);
}

test('the revision graph view draws the fixture history in lanes, with a strict CSP and theme colours', async () => {
  await openGraph();
  const state = await graphState('the graph rows of the fixture', (current) => [BASE, BRANCHPOINT, HEAD_ORDERS, HEAD_BACKFILL].every((id) => current.rows.some((row) => row.id === id)));
  const row = (id: string): GraphDomState['rows'][number] => state.rows.find((candidate) => candidate.id === id)!;
  // The two heads fork from the branch point: two lanes, and the base below them all.
  assert.notEqual(row(HEAD_ORDERS).lane, row(HEAD_BACKFILL).lane, 'the two branches are in different lanes');
  assert.ok(state.laneCount >= 2, `lanes: ${state.laneCount}`);
  assert.ok(row(BRANCHPOINT).index > row(HEAD_ORDERS).index && row(BRANCHPOINT).index > row(HEAD_BACKFILL).index, 'children above their parent');
  assert.ok(row(BASE).index > row(BRANCHPOINT).index);
  // The branch point's row: the lines of both children come in, one line goes out to the base.
  assert.ok(row(BRANCHPOINT).lines >= 3, `lines drawn in the branch point's row: ${row(BRANCHPOINT).lines}`);
  assert.match(row(BASE).text, /base/);
  // The first row is a head (the fixture's two heads, or their merge once merge.e2e has run).
  assert.match(state.rows[0].text, /head/);
  assert.match(row(HEAD_ORDERS).text, /create orders/);
  // Right-click: the row carries the ids the tree's commands take (package.json webview/context).
  const context = JSON.parse(row(HEAD_ORDERS).context ?? '{}') as Record<string, unknown>;
  assert.equal(context.webviewSection, 'revision');
  assert.equal(context.revisionId, HEAD_ORDERS);
  assert.equal(typeof context.environmentId, 'string');
  const copied = await vscode.commands.executeCommand<string>('alembicLens.copyRevisionId', context);
  assert.equal(copied, HEAD_ORDERS, 'a tree command runs on the graph row\'s context');
  // Strict CSP: nothing but the page's nonce-bearing script and the extension's own files.
  assert.match(state.csp, /default-src 'none'/);
  assert.match(state.csp, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(state.csp, /unsafe-inline|unsafe-eval/);
  assert.deepEqual(state.resources.map((resource) => resource.split('/').pop()), ['graph.css', 'graph.js'], JSON.stringify(state.resources));
  assert.ok(state.resources.every((resource) => /vscode-resource|vscode-cdn|vscode-webview/.test(resource)), `only the extension's own files: ${JSON.stringify(state.resources)}`);
  // Theme colours: the node's stroke and the background are resolved CSS colours from --vscode-*.
  assert.match(state.nodeColor ?? '', /^rgba?\(/, `node colour: ${state.nodeColor}`);
  assert.match(state.background, /^rgba?\(/);
  // Wider, so the screenshot shows whole messages (the graph tests run last in their window).
  await vscode.commands.executeCommand('workbench.action.focusSideBar');
  for (let step = 0; step < 6; step++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  await screenshot(readConfig(), 'revision-graph');
});

test('right-clicking a graph row shows the revision tree\'s actions', async () => {
  await openGraph();
  const hooks = (await api()).graphView();
  await graphState('the graph rows', (current) => current.rows.some((row) => row.id === HEAD_ORDERS));
  assert.equal(await hooks.contextMenuRow(HEAD_ORDERS), true, 'the row was in the DOM');
  const items = await waitForWorkbench(readConfig(), 'the graph row context menu', '.context-view .action-label', (elements) => elements.some((element) => /Copy Revision Id/.test(element.ariaLabel ?? element.text)));
  const labels = items.map((element) => element.ariaLabel ?? element.text);
  for (const action of ['Open Revision File', 'Copy Revision Id', 'Preview Upgrade SQL', 'Preview Downgrade SQL', 'Upgrade Database to This Revision', 'Downgrade Database to the Parent Revision', 'Stamp Database with This Revision']) {
    assert.ok(labels.some((label) => label.includes(action)), `${action} in ${JSON.stringify(labels)}`);
  }
  await screenshot(readConfig(), 'revision-graph-context-menu', 300);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('alembicLens.graph.focus');
  await waitForWorkbench(readConfig(), 'the context menu to close', '.context-view .action-label', (elements) => elements.length === 0);
});

test('clicking a graph row opens its revision file; arrows and Enter do too; the editor selects its row', async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await openGraph();
  const hooks = (await api()).graphView();
  await graphState('the graph rows', (current) => current.rows.some((row) => row.id === BRANCHPOINT));
  assert.equal(await hooks.clickRow(BRANCHPOINT), true, 'the row was in the DOM and clicked');
  const editor = await waitFor('the revision file in the editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === fileOf(BRANCHPOINT).fsPath ? vscode.window.activeTextEditor : undefined));
  assert.match(editor.document.lineAt(editor.selection.active.line).text, /^revision\b/, 'the cursor is on `revision = ...`');
  const state = await hooks.probe();
  assert.equal(state.selectedId, BRANCHPOINT);
  // Keyboard: the arrow moves the selection down to the base, Enter opens it.
  assert.equal(await hooks.pressKey('ArrowDown'), true, 'the graph handles ArrowDown');
  assert.equal((await hooks.probe()).selectedId, BASE);
  assert.equal(await hooks.pressKey('Enter'), true, 'the graph handles Enter');
  await waitFor('the base file in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === fileOf(BASE).fsPath);
  // The other way round: the migration in the active editor is selected in the graph.
  await vscode.window.showTextDocument(fileOf(HEAD_BACKFILL));
  await waitFor('the active editor\'s revision selected in the graph', async () => (await hooks.probe()).selectedId === HEAD_BACKFILL);
});

test('the revision graph marks current, applied and pending revisions from the database state', async () => {
  const exported = await api();
  // No prompt may block the read: a stored password (after online.e2e) or the embedded database.
  exported.setConfirm(async () => true);
  await openGraph();
  const states = await vscode.commands.executeCommand<DatabaseState[]>('alembicLens.refreshDatabase');
  const database = states?.[0];
  assert.ok(database?.ok, `the database state was read: ${JSON.stringify(database)}`);
  const expected = (id: string): string => (database.current.includes(id) ? '● current' : database.applied.includes(id) ? '✓' : '○');
  const ids = [BASE, BRANCHPOINT, HEAD_ORDERS, HEAD_BACKFILL];
  const state = await graphState('the database marks in the graph rows', (current) => ids.every((id) => current.rows.find((row) => row.id === id)?.text.includes(expected(id))));
  assert.ok(ids.every((id) => state.rows.some((row) => row.id === id)));
  // The line above the rows names the connection and its current revisions.
  assert.ok(state.summary.includes(`${database.connection}: ${database.current.join(', ') || 'empty (base)'}`), state.summary);
});

test('the revision graph of a 5,000-revision history: only visible rows in the DOM, and scrolling stays smooth', async () => {
  const big = path.join(workspaceRoot(), 'big-history');
  const hooks = (await api()).graphView();
  try {
    // The repository's generator, run as a script (bundling it into the suite would lose its
    // import.meta). The suite's bundle is dist-test/e2e/index.js in the repository.
    const repository = path.resolve(__dirname, '..', '..');
    execFileSync(process.execPath, [path.join(repository, 'bench', 'generate-history.mjs'), '--revisions', String(BIG_REVISIONS), '--out', big, '--seed', '3', '--no-ops', '--force'], {
      stdio: 'ignore',
      // Under @vscode/test-electron the extension host's executable is Electron: run it as Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const written = fs.readdirSync(big, { recursive: true }).filter((name) => String(name).endsWith('.py') && !String(name).endsWith('env.py'));
    assert.equal(written.length, BIG_REVISIONS);
    await openGraph();
    const loaded = Date.now();
    // The generator writes alembic.ini first and 5,000 files after it; in one run out of several
    // the file watcher's flood of events left the new environment undiscovered. Saving
    // alembic.ini again (as a user would) makes the server discover it; counted in the facts.
    const ini = path.join(big, 'alembic.ini');
    let nudges = 0;
    await waitFor('the 5,000 generated revisions sent to the graph', async () => {
      try {
        return await waitFor('the generated rows', () => hooks.modelRows() >= BIG_REVISIONS, 20_000, 100);
      } catch {
        nudges++;
        fs.writeFileSync(ini, fs.readFileSync(ini));
        return false;
      }
    }, 120_000, 0);
    facts.graphIniNudges = nudges;
    facts.graphModelMs = Date.now() - loaded;
    const state = await graphState('the 5,000 generated revisions in the graph', (current) => current.totalRows >= BIG_REVISIONS, 60_000);
    facts.graphDrawnMs = Date.now() - loaded;
    // Virtualised: a few dozen row elements, not thousands.
    assert.ok(state.rowsInDom > 0 && state.rowsInDom < 120, `rows in the DOM: ${state.rowsInDom} of ${state.totalRows}`);
    assert.ok(state.rowsInDom <= Math.ceil(state.viewportHeight / 22) + 20, `only the visible rows and a small margin: ${state.rowsInDom} for a ${state.viewportHeight}px viewport`);
    await screenshot(readConfig(), 'revision-graph-5000');
    const measured = await hooks.measureScroll(300, 37, 120_000);
    facts.graphScroll = measured;
    await screenshot(readConfig(), 'revision-graph-5000-scrolled');
    assert.equal(measured.frames, 300);
    assert.ok(measured.pixelsScrolled >= 300 * 37 * 0.9, `scrolled ${measured.pixelsScrolled}px`);
    assert.ok(measured.maxRowsInDom < 120, `rows in the DOM while scrolling: at most ${measured.maxRowsInDom}`);
    // The view's own work per frame must fit well inside a 16.7 ms frame. Frame intervals are
    // reported in the run's facts, not asserted: on a shared machine they measure the load (a
    // p95 of 116 ms with two other suites running, 16.8 ms on a quiet one).
    assert.ok(measured.meanRenderMs < 8, `mean render per frame ${measured.meanRenderMs} ms`);
    const after = await hooks.probe();
    assert.ok(after.rows.length > 0 && after.rows[0].index > 300, `the rows in the DOM follow the scroll (first: ${after.rows[0]?.index})`);
    assert.ok(after.rowsInDom < 120);
    // Hidden and shown again, the view gets a new page, which comes back to where it was.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await openGraph();
    const back = await graphState('a new graph page back at its scroll position', (current) => current.pageId !== after.pageId && current.totalRows >= BIG_REVISIONS && current.rows.length > 0, 60_000);
    assert.ok(Math.abs(back.scrollTop - after.scrollTop) < 22, `scrolled to ${back.scrollTop}px, was ${after.scrollTop}px`);
    assert.equal(back.rows[0].index, after.rows[0].index, 'the same rows are drawn');
  } finally {
    fs.rmSync(big, { recursive: true, force: true });
  }
  // The tests after this one see the workspace as it was: the generated environment is gone from the index.
  await waitFor('the generated history to leave the graph', () => hooks.modelRows() > 0 && hooks.modelRows() < BIG_REVISIONS, 120_000, 200);
}, { timeoutMs: 240_000 });
