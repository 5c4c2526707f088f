// The safety lint in the editor: an open migration gets the lint's findings as diagnostics with
// their rule links, the same as `check` reports, and they follow edits of the unsaved buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction } from 'vscode-languageserver/node';
import { startClient, uriOf } from './support/lspClient';
import { temporaryFolder } from '../support/temporaryFolders';

function workspace(): { root: string; b2: string } {
  const root = fs.realpathSync(temporaryFolder('lens-lsp-lint-'));
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n');
  const header = (revision: string, down: string | null) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\n\n`;
  fs.writeFileSync(
    path.join(root, 'versions', 'a1.py'),
    `${header('a1', null)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`,
  );
  const b2 = path.join(root, 'versions', 'b2.py');
  fs.writeFileSync(b2, `${header('b2', 'a1')}def upgrade():\n    op.create_index("ix_orders_note", "orders", ["note"])\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n`);
  return { root, b2 };
}

test('an open migration shows the lint findings, with rule links, and they follow the buffer', async () => {
  const { root, b2 } = workspace();
  const client = await startClient({ root, initializationOptions: { docsBaseUrl: 'https://lens.example/rules' } });
  try {
    await client.waitForIndex();
    const text = fs.readFileSync(b2, 'utf8');
    await client.open(b2, text);
    const list = await client.waitForDiagnostics(b2, 'create-index-not-concurrently', (l) => l.some((d) => d.code === 'create-index-not-concurrently'));
    const finding = list.find((d) => d.code === 'create-index-not-concurrently')!;
    assert.equal(finding.severity, 2);
    assert.equal(finding.range.start.line, 7);
    assert.equal(finding.codeDescription?.href, 'https://lens.example/rules/create-index-not-concurrently.md');
    // Its quick fix: one edit for the upgrade, one for the downgrade's drop_index.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(b2) }, range: finding.range, context: { diagnostics: [finding] } });
    const quickFix = actions.find((action) => action.title.startsWith('Create the index concurrently'));
    assert.ok(quickFix, JSON.stringify(actions.map((action) => action.title)));
    const edits = Object.values(quickFix.edit?.changes ?? {}).flat();
    assert.equal(edits.length, 2);
    assert.match(edits[0].newText, /with op\.get_context\(\)\.autocommit_block\(\):\n        op\.create_index\("ix_orders_note", "orders", \["note"\], postgresql_concurrently=True\)/);
    // The concurrent build written as SQL in the migration's transaction: a different finding.
    const rewritten = text.replace('op.create_index("ix_orders_note", "orders", ["note"])', 'op.execute("CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)")');
    await client.change(b2, rewritten);
    const after = await client.waitForDiagnostics(b2, 'concurrently-in-transaction', (l) => l.some((d) => d.code === 'concurrently-in-transaction'));
    assert.ok(!after.some((d) => d.code === 'create-index-not-concurrently'));
    const error = after.find((d) => d.code === 'concurrently-in-transaction')!;
    assert.equal(error.severity, 1);
    assert.equal(error.range.start.character, 'def upgrade():\n    op.execute("'.length - 'def upgrade():\n'.length, 'the statement inside the string');
  } finally {
    await client.dispose();
  }
});

test('[tool.alembic-lens] in pyproject.toml applies in the editor as in check', async () => {
  const { root, b2 } = workspace();
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.alembic-lens]\nignore = ["create-index-not-concurrently"]\n');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const text = fs.readFileSync(b2, 'utf8');
    // A second finding in the same buffer tells that linting ran: drop-column is not ignored.
    await client.open(b2, text.replace('def downgrade():', 'def later():\n    op.drop_column("orders", "note")\n\ndef downgrade():').replace('    op.create_index', '    op.drop_column("orders", "note")\n    op.create_index'));
    const list = await client.waitForDiagnostics(b2, 'drop-column', (l) => l.some((d) => d.code === 'drop-column'));
    assert.ok(!list.some((d) => d.code === 'create-index-not-concurrently'), JSON.stringify(list.map((d) => d.code)));
  } finally {
    await client.dispose();
  }
});

test('a SQL file the migration executes is linted, and its findings follow the file on disk', async () => {
  const { root, b2 } = workspace();
  fs.mkdirSync(path.join(root, 'sql'));
  const sqlFile = path.join(root, 'sql', 'index_note.sql');
  fs.writeFileSync(sqlFile, 'CREATE INDEX ix_orders_note ON orders (note);\n');
  const text = fs.readFileSync(b2, 'utf8').replace('op.create_index("ix_orders_note", "orders", ["note"])', 'op.execute(open("sql/index_note.sql").read())');
  fs.writeFileSync(b2, text);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(b2, text);
    const before = await client.waitForDiagnostics(b2, 'create-index-not-concurrently', (l) => l.some((d) => d.code === 'create-index-not-concurrently'));
    assert.equal(before.find((d) => d.code === 'create-index-not-concurrently')!.range.start.line, 7, 'at the op.execute line');
    // The file rewritten to build the index concurrently, outside a transaction block: a different finding.
    fs.writeFileSync(sqlFile, 'CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note);\n');
    await client.watched([{ file: sqlFile, type: 2 }]);
    const after = await client.waitForDiagnostics(b2, 'concurrently-in-transaction', (l) => l.some((d) => d.code === 'concurrently-in-transaction'));
    assert.ok(!after.some((d) => d.code === 'create-index-not-concurrently'), JSON.stringify(after.map((d) => d.code)));
  } finally {
    await client.dispose();
  }
});

test('a buffer that starts with a byte-order mark is read as the file Python reads: the same findings, and removing the mark changes nothing', async () => {
  const { root, b2 } = workspace();
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const text = fs.readFileSync(b2, 'utf8');
    await client.open(b2, `\ufeff${text}`);
    const withMark = await client.waitForDiagnostics(b2, 'create-index-not-concurrently', (l) => l.some((d) => d.code === 'create-index-not-concurrently'));
    assert.ok(!withMark.some((d) => d.code === 'opaque-step'), JSON.stringify(withMark.map((d) => d.code)));
    await client.change(b2, `${text}\n`);
    const without = await client.waitForDiagnostics(b2, 'the same findings without the mark', (l) => l.some((d) => d.code === 'create-index-not-concurrently'));
    assert.deepEqual(without.map((d) => d.code).sort(), withMark.map((d) => d.code).sort());
  } finally {
    await client.dispose();
  }
});

test('a migration whose bytes are not UTF-8 keeps its file-not-utf8 error while it is open unchanged, as check reports it', async () => {
  const { root, b2 } = workspace();
  // Two bytes that are no UTF-8, in a string before upgrade().
  const original = fs.readFileSync(b2, 'utf8');
  fs.writeFileSync(b2, Buffer.concat([Buffer.from(original.slice(0, original.indexOf('def upgrade():')), 'utf8'), Buffer.from('NOTE = "caf', 'utf8'), Buffer.from([0xe9, 0xff]), Buffer.from('"\n\n\n', 'utf8'), Buffer.from(original.slice(original.indexOf('def upgrade():')), 'utf8')]));
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const decoded = fs.readFileSync(b2).toString('utf8');
    assert.ok(decoded.includes('\ufffd'));
    await client.open(b2, decoded);
    // Python refuses to compile it, so Alembic runs none of it: the error, and no lint finding of its statements.
    const open = await client.waitForDiagnostics(b2, 'the file-not-utf8 error of the open file', (l) => l.some((d) => d.code === 'file-not-utf8'));
    assert.equal(open.find((d) => d.code === 'file-not-utf8')?.severity, 1, 'an error');
    assert.ok(!open.some((d) => d.code === 'create-index-not-concurrently'), JSON.stringify(open.map((d) => d.code)));
    await client.change(b2, decoded.replace('\ufffd\ufffd', 'e'));
    await client.waitForDiagnostics(b2, 'no file-not-utf8 once the buffer is valid text', (l) => l.some((d) => d.code === 'create-index-not-concurrently') && !l.some((d) => d.code === 'file-not-utf8'));
  } finally {
    await client.dispose();
  }
});
