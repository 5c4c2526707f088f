/**
 * Entry of the end-to-end suite, loaded by the extension host as `extensionTestsPath` (by
 * test/e2e/run.mjs through the VS Code server, or by test/e2e/electron.ts through
 * @vscode/test-electron). The imports register the tests in the order they run; the merge test
 * changes the workspace, so it comes last.
 */
import './activation.e2e';
import './diagnostics.e2e';
import './tree.e2e';
import './navigation.e2e';
import './preview.e2e';
import './trace.e2e';
// Before online.e2e, which configures connections: this one needs a workspace without any.
import './selectConnection.e2e';
import './online.e2e';
// Sessions of their own (test/fixtures/e2e-online): the database actions, and Restricted Mode.
import './online-actions.e2e';
import './restricted.e2e';
import './merge.e2e';
// After the merge test: it writes a 5,000-revision history into the workspace (and removes it).
import './graph.e2e';
// After the graph test: adds an expand/contract environment (and removes it) and new revisions.
import './authoring.e2e';
import './quiet.e2e';
import { readConfig, runAll } from './framework';

export async function run(): Promise<void> {
  const summary = await runAll(readConfig());
  console.log(`[e2e] ${summary.passed} passed, ${summary.failed} failed`);
  if (summary.failed > 0) throw new Error(`${summary.failed} end-to-end test(s) failed`);
}
