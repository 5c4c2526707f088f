// Diagnostics across files: a second head appears and disappears, a cycle introduced by an
// edit, a file renamed on disk, and the links/related locations each diagnostic carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction } from 'vscode-languageserver/node';
import type { TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient, uriOf } from './support/lspClient';

function migration(id: string, parent: string | null, message: string): string {
  return `"""${message}\n\nRevision ID: ${id}\nRevises: ${parent ?? ''}\nCreate Date: 2026-02-01 00:00:00.000000\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${parent ? `'${parent}'` : 'None'}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;
}

const hasCode = (code: string) => (list: { code?: number | string }[]) => list.some((d) => d.code === code);
const noCode = (code: string) => (list: { code?: number | string }[]) => !list.some((d) => d.code === code);

async function setup() {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  const client = await startClient({ root, initializationOptions: { docsBaseUrl: 'https://lens.example/rules' } });
  await client.waitForIndex();
  return { root, versions, client, second: path.join(versions, '2b3c4d5e6f70_add_orders.py'), third: path.join(versions, '3c4d5e6f7081_add_email_index.py') };
}

test('a second head in an unsaved buffer flags both heads; fixing it clears both', async () => {
  const { versions, client, third } = await setup();
  try {
    // As an editor does for "New File": the file exists (empty) on disk, its contents are unsaved.
    const branch = path.join(versions, '4d5e6f708192_branch.py');
    fs.writeFileSync(branch, '');
    await client.watched([{ file: branch, type: 1 }]);
    await client.open(branch, migration('4d5e6f708192', '2b3c4d5e6f70', 'branch'));
    const onBranch = await client.waitForDiagnostics(branch, 'multiple-heads', hasCode('multiple-heads'));
    await client.waitForDiagnostics(third, 'multiple-heads', hasCode('multiple-heads'));
    const diagnostic = onBranch.find((d) => d.code === 'multiple-heads')!;
    assert.equal(diagnostic.codeDescription?.href, 'https://lens.example/rules/multiple-heads.md');
    assert.equal(diagnostic.source, 'alembic-lens');
    assert.ok(diagnostic.relatedInformation?.some((info) => info.location.uri === uriOf(third)), 'related info names the other head');

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(branch) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const merge = actions.find((action) => action.title.startsWith('Create merge revision'));
    assert.ok(merge, `merge action among ${actions.map((a) => a.title)}`);
    const changes = merge.edit!.documentChanges as any[];
    assert.equal(changes[0].kind, 'create');
    assert.match(changes[0].uri, /\/migrations\/versions\/[0-9a-f]{12}_merge_heads\.py$/);
    const content: string = changes[1].edits[0].newText;
    assert.match(content, /^"""merge heads\n\nRevision ID: [0-9a-f]{12}\nRevises: (3c4d5e6f7081, 4d5e6f708192|4d5e6f708192, 3c4d5e6f7081)\nCreate Date: /);
    // Rendered from the fixture's own script.py.mako (untyped identifier lines), as Alembic would.
    assert.match(content, /^down_revision = \('(3c4d5e6f7081|4d5e6f708192)', '(3c4d5e6f7081|4d5e6f708192)'\)$/m);

    await client.change(branch, migration('4d5e6f708192', '3c4d5e6f7081', 'branch'));
    await client.waitForDiagnostics(branch, 'no multiple-heads', noCode('multiple-heads'));
    await client.waitForDiagnostics(third, 'no multiple-heads', noCode('multiple-heads'));
  } finally {
    await client.dispose();
  }
});

test('closing an unsaved buffer drops its contents and its problems', async () => {
  const { versions, client, third } = await setup();
  try {
    const branch = path.join(versions, '5e6f70819203_branch.py');
    fs.writeFileSync(branch, migration('5e6f70819203', '3c4d5e6f7081', 'linear on disk'));
    await client.watched([{ file: branch, type: 1 }]);
    await client.open(branch, migration('5e6f70819203', '2b3c4d5e6f70', 'branch'));
    await client.waitForDiagnostics(third, 'multiple-heads', hasCode('multiple-heads'));
    await client.close(branch);
    // Closing without saving: the disk version (a linear child) is what counts again.
    await client.waitForDiagnostics(third, 'heads gone', noCode('multiple-heads'));
    await client.waitForDiagnostics(branch, 'heads gone', noCode('multiple-heads'));
  } finally {
    await client.dispose();
  }
});

test('an edit that introduces a cycle is reported, and undoing it clears it', async () => {
  const { root, client } = await setup();
  const first = path.join(root, 'migrations', 'versions', '1a2b3c4d5e6f_create_users.py');
  try {
    const original = fs.readFileSync(first, 'utf8');
    await client.open(first, original);
    await client.change(first, original.replace("down_revision: Union[str, Sequence[str], None] = None", "down_revision: Union[str, Sequence[str], None] = '3c4d5e6f7081'"));
    const list = await client.waitForDiagnostics(first, 'a cycle', (l) => l.some((d) => /cycle/i.test(String(d.code))));
    const cycle = list.find((d) => /cycle/i.test(String(d.code)))!;
    assert.equal(cycle.severity, 1);
    await client.change(first, original);
    await client.waitForDiagnostics(first, 'no cycle', (l) => !l.some((d) => /cycle/i.test(String(d.code))));
  } finally {
    await client.dispose();
  }
});

test('a down_revision that names a file gets a quick fix pointing at the id', async () => {
  const { client, third } = await setup();
  try {
    const original = fs.readFileSync(third, 'utf8');
    await client.open(third, original);
    await client.change(third, original.replace("= '2b3c4d5e6f70'", "= '2b3c4d5e6f70_add_orders'"));
    const list = await client.waitForDiagnostics(third, 'down-revision-is-filename', hasCode('down-revision-is-filename'));
    const diagnostic = list.find((d) => d.code === 'down-revision-is-filename')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(third) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((action) => action.edit?.changes?.[uriOf(third)]?.some((edit) => edit.newText.includes('2b3c4d5e6f70') && !edit.newText.includes('_add_orders')));
    assert.ok(fix, `quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
  } finally {
    await client.dispose();
  }
});

test("the interpreter's quick fix is offered: a plain string given to Connection.execute() wrapped in sa.text()", async () => {
  const { client, third } = await setup();
  try {
    const original = fs.readFileSync(third, 'utf8');
    await client.open(third, original);
    const edited = original.replace(/def upgrade\(\)( -> None)?:\n/, (head) => `${head}    op.get_bind().execute("SELECT 1")\n`);
    assert.notEqual(edited, original);
    await client.change(third, edited);
    const list = await client.waitForDiagnostics(third, 'plain-string-execute', hasCode('plain-string-execute'));
    const diagnostic = list.find((d) => d.code === 'plain-string-execute')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(third) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((action) => action.title === 'Wrap the SQL in sa.text()');
    assert.ok(fix, `quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.deepEqual(fix.edit?.changes?.[uriOf(third)]?.map((edit) => edit.newText), ['sa.text("SELECT 1")']);
  } finally {
    await client.dispose();
  }
});

test('a file renamed on disk keeps the graph whole and the tree points at the new path', async () => {
  const { versions, client, second } = await setup();
  try {
    const renamed = path.join(versions, '2b3c4d5e6f70_orders_renamed.py');
    fs.renameSync(second, renamed);
    await client.watched([{ file: second, type: 3 }, { file: renamed, type: 1 }]);
    // Requests apply queued watcher events first, so no wait is needed here.
    const result = await client.request<TreeResult>('alembic/tree', {});
    const revision = result.environments[0].revisions.find((r) => r.id === '2b3c4d5e6f70');
    assert.equal(revision?.file, renamed);
    assert.deepEqual(result.environments[0].heads, ['3c4d5e6f7081']);
    assert.equal(result.environments[0].problemCount, 0);
  } finally {
    await client.dispose();
  }
});

test('deleting a parent on disk flags the orphan; restoring it clears the problem', async () => {
  const { client, second, third } = await setup();
  try {
    const text = fs.readFileSync(second, 'utf8');
    fs.rmSync(second);
    await client.watched([{ file: second, type: 3 }]);
    await client.waitForDiagnostics(third, 'missing parent', (list) => list.some((d) => d.severity === 1));
    fs.writeFileSync(second, text);
    await client.watched([{ file: second, type: 1 }]);
    await client.waitForDiagnostics(third, 'parent restored', (list) => list.length === 0);
  } finally {
    await client.dispose();
  }
});
