// The safety lint's quick fixes in the editor keep the buffer's layout: a tab-indented migration
// gets a tab for the level the autocommit block adds (spaces there are Python's TabError), and a
// CRLF buffer with trailing comments gets the same fixes as an LF one, with CRLF in their text
// and ranges that stop before each line's `\r`. Every offered fix is applied as an editor would;
// the result must parse with Python's ast and no longer have the finding.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startClient, uriOf, type TestClient } from './support/lspClient';
import { PYTHON, pythonError } from '../support/pythonSyntax';
import { temporaryFolder } from '../support/temporaryFolders';

const LINT_CODES = ['create-index-not-concurrently', 'drop-index-not-concurrently', 'concurrently-in-transaction'];

before(() => {
  assert.ok(fs.existsSync(PYTHON), `these tests need a Python 3 at ${PYTHON} (set ALEMBIC_PYTHON) to parse the fixed migrations`);
});

function workspace(b2Text: string): { root: string; b2: string } {
  const root = fs.realpathSync(temporaryFolder('lens-lsp-fix-layout-'));
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n');
  fs.writeFileSync(
    path.join(root, 'versions', 'a1.py'),
    `${header('a1', null)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`,
  );
  const b2 = path.join(root, 'versions', 'b2.py');
  fs.writeFileSync(b2, b2Text);
  return { root, b2 };
}

function header(revision: string, down: string | null): string {
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\n\n`;
}

function lintFindings(list: readonly Diagnostic[]): Diagnostic[] {
  return list.filter((diagnostic) => LINT_CODES.includes(String(diagnostic.code)));
}

/** The edits of `action` for `file`, checked against the buffer: ranges stop before `\r`, text uses the buffer's line ending. */
function checkedEdits(action: CodeAction, file: string, text: string): TextEdit[] {
  const edits = action.edit?.changes?.[uriOf(file)] ?? [];
  assert.ok(edits.length > 0, `${action.title}: edits for the file`);
  const lines = text.split('\n');
  const crlf = text.includes('\r\n');
  for (const edit of edits) {
    for (const position of [edit.range.start, edit.range.end]) {
      assert.ok(position.character <= lines[position.line].replace(/\r$/, '').length, `${action.title}: the range stays before the line ending (${JSON.stringify(edit.range)})`);
    }
    assert.ok(!edit.newText.endsWith('\r'), `${action.title}: no stray \\r at the end of ${JSON.stringify(edit.newText)}`);
    if (crlf) assert.doesNotMatch(edit.newText, /(^|[^\r])\n/, `${action.title}: CRLF inside ${JSON.stringify(edit.newText)}`);
  }
  return edits;
}

/** Requests the quick fixes over the whole buffer, applies each in turn and checks the result, then restores the buffer. */
async function applyEveryFix(client: TestClient, file: string, text: string): Promise<string[]> {
  const findings = lintFindings(client.diagnosticsOf(file));
  const document = TextDocument.create(uriOf(file), 'python', 1, text);
  const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: whole, context: { diagnostics: findings } });
  const fixes = actions.filter((action) => action.diagnostics?.some((diagnostic) => LINT_CODES.includes(String(diagnostic.code))));
  for (const action of fixes) {
    const fixed = TextDocument.applyEdits(document, checkedEdits(action, file, text));
    const where = `${action.title}:\n${JSON.stringify(fixed)}`;
    assert.equal(pythonError(fixed), undefined, `Python parses the fixed buffer (${where})`);
    if (text.includes('\r\n')) {
      assert.doesNotMatch(fixed, /(^|[^\r])\n/, `no bare \\n (${where})`);
      assert.doesNotMatch(fixed, /\r\r/, `no \\r\\r (${where})`);
    }
    assert.equal(fixed.split('# note').length, text.split('# note').length, `the trailing comments stay (${where})`);
    const fixedCodes = action.diagnostics!.map((diagnostic) => String(diagnostic.code));
    await client.change(file, fixed);
    const after = await client.waitForDiagnostics(file, `${action.title} applied`, (list) => !list.some((diagnostic) => fixedCodes.includes(String(diagnostic.code))));
    assert.deepEqual(after.filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => diagnostic.code), [], `no error after the fix (${where})`);
    await client.change(file, text);
    await client.waitForDiagnostics(file, 'the findings back', (list) => lintFindings(list).length === findings.length);
  }
  return fixes.map((action) => `${action.title} [${Object.values(action.edit?.changes ?? {}).flat().length} edits]`).sort();
}

async function fixesOf(b2Text: string, expectedFindings: number): Promise<{ titles: string[]; b2: string }> {
  const { root, b2 } = workspace(b2Text);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(b2, b2Text);
    await client.waitForDiagnostics(b2, 'the lint findings', (list) => lintFindings(list).length === expectedFindings);
    return { titles: await applyEveryFix(client, b2, b2Text), b2 };
  } finally {
    await client.dispose();
  }
}

const INDEX_PAIR = 'def upgrade():\n    op.create_index("ix_orders_note", "orders", ["note"])\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n';
const INDEX_PAIR_FIXES = [
  'Create the index concurrently in autocommit_block() (and its downgrade() twin) [2 edits]',
  'Drop the index concurrently in autocommit_block() (and its upgrade() twin) [2 edits]',
];

test('a tab-indented migration: the autocommit block adds a tab, and the result parses', async () => {
  const tabs = (text: string): string => text.replace(/^ {4}/gm, '\t');
  assert.deepEqual((await fixesOf(tabs(`${header('b2', 'a1')}${INDEX_PAIR}`), 2)).titles, INDEX_PAIR_FIXES);
  const raw = tabs(`${header('b2', 'a1')}def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_a ON orders (note)")\n\ndef downgrade():\n    pass\n`);
  assert.deepEqual((await fixesOf(raw, 1)).titles, ['Create the index concurrently in autocommit_block() [1 edits]']);
});

test('a CRLF migration, with and without trailing comments: the same fixes as LF, in CRLF', async () => {
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
  const commented = INDEX_PAIR.replace(/\)\n/g, ')  # note\n');
  for (const body of [INDEX_PAIR, commented]) {
    assert.deepEqual((await fixesOf(`${header('b2', 'a1')}${body}`, 2)).titles, INDEX_PAIR_FIXES, 'LF');
    assert.deepEqual((await fixesOf(crlf(`${header('b2', 'a1')}${body}`), 2)).titles, INDEX_PAIR_FIXES, 'CRLF');
  }
});
