// Syntax errors below the header in files that are not open: the index finds them when asked
// (WorkspaceIndex.checkBodySyntax, in budgeted slices), and the language server asks in idle
// time after its first diagnostics, then publishes them for the closed file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { Session } from '../../../server/src/lsp/session';
import { temporaryFolder } from '../../support/temporaryFolders';

const body = path.resolve(__dirname, '..', '..', 'fixtures', 'check', 'body');
const broken = path.join(body, 'migrations', 'versions', 'eeee00000001_syntax_error.py');

function codesOf(index: ReturnType<typeof buildWorkspaceIndex>, file: string): string[] {
  return index.problemsFor(file).map((problem) => `${problem.code}@${problem.range.start.line + 1}:${problem.range.start.character + 1}`);
}

test('the cold index reads headers only; checkBodySyntax adds the error below the header with the parser range', () => {
  const index = buildWorkspaceIndex([body]);
  assert.deepEqual(codesOf(index, broken), [], 'headers only: nothing yet (that is why check and the server ask)');
  const change = index.checkBodySyntax();
  assert.equal(change.done, true);
  assert.deepEqual(change.affectedFiles, [broken]);
  assert.deepEqual(codesOf(index, broken), ['python-syntax-error@17:13']);
  assert.equal(index.checkBodySyntax().affectedFiles.length, 0, 'a second pass finds nothing new');
});

test('a budget of zero stops before the first file; later calls continue; a changed file is checked again', () => {
  const folder = temporaryFolder('body-syntax-');
  try {
    fs.cpSync(body, folder, { recursive: true });
    const file = path.join(folder, 'migrations', 'versions', 'eeee00000001_syntax_error.py');
    const index = buildWorkspaceIndex([folder]);
    assert.equal(index.checkBodySyntax(0).done, false);
    assert.deepEqual(codesOf(index, file), []);
    assert.equal(index.checkBodySyntax().done, true);
    assert.deepEqual(codesOf(index, file), ['python-syntax-error@17:13']);
    // Fixed on disk: the error goes at once (the header is read again), and stays gone after a pass.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('def upgrade(:', 'def upgrade():'));
    index.refreshFile(file);
    index.checkBodySyntax();
    assert.deepEqual(codesOf(index, file), []);
    // Broken again: found again.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('def downgrade():', 'def downgrade(:'));
    index.refreshFile(file);
    const change = index.checkBodySyntax();
    assert.deepEqual(change.affectedFiles, [file]);
    assert.deepEqual(codesOf(index, file), ['python-syntax-error@21:15']);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('the language server publishes the syntax error of a file that is not open', async () => {
  const published = new Map<string, Diagnostic[]>();
  const session = new Session(
    { docsBaseUrl: 'https://docs.example/rules', debounceMs: 0 },
    {
      logger: { error: (message) => assert.fail(message), warn: (message) => assert.fail(message), info: () => {} },
      sendDiagnostics: (file, diagnostics) => published.set(file, diagnostics),
      extraProblems: () => [],
      indexChanged: () => {},
    },
  );
  session.indexReady(buildWorkspaceIndex([body]), 'ready');
  assert.equal(published.get(broken), undefined, 'the first diagnostics come from the headers');
  // Poll with a bound: the sweep starts after the warm-up delay and runs in idle slices.
  const deadline = Date.now() + 20_000;
  while (!published.get(broken)?.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const diagnostics = published.get(broken) ?? [];
  assert.deepEqual(
    diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character]),
    [['python-syntax-error', 16, 12]],
  );
});
