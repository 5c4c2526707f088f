// Engine features in the editor: hover on an op.* call shows its SQL, document symbols list the
// operations, and an open migration gets opaque-step information diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentSymbol, Hover } from 'vscode-languageserver/node';
import { copyFixture, startClient, uriOf } from './support/lspClient';

test('hover on an op call shows the SQL it renders; operations are document symbols', async () => {
  const root = copyFixture('linear');
  const second = path.join(root, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const lines = fs.readFileSync(second, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('op.create_index('));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(second) }, position: { line, character: 8 } });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /op\.create_index/);
    assert.match(text, /```sql\nCREATE INDEX ix_orders_user_id ON orders \(user_id\);\n```/);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(second) } });
    const upgrade = symbols.find((symbol) => symbol.name === 'upgrade()')!;
    assert.deepEqual(upgrade.children?.map((child) => [child.name, child.detail]), [
      ['op.create_table', 'orders'],
      ['op.create_index', 'ix_orders_user_id'],
    ]);
    const downgrade = symbols.find((symbol) => symbol.name === 'downgrade()')!;
    assert.deepEqual(downgrade.children?.map((child) => child.name), ['op.drop_index', 'op.drop_table']);
  } finally {
    await client.dispose();
  }
});

test('an open migration with arbitrary Python gets an opaque-step information diagnostic', async () => {
  const root = copyFixture('linear');
  const third = path.join(root, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
  const client = await startClient({ root, initializationOptions: { docsBaseUrl: 'https://lens.example/rules' } });
  try {
    await client.waitForIndex();
    const original = fs.readFileSync(third, 'utf8');
    const opaque = original.replace(
      "    op.add_column('users',",
      "    for name in load_names():\n        op.execute('SELECT 1')\n    op.add_column('users',",
    );
    await client.open(third, opaque);
    const list = await client.waitForDiagnostics(third, 'opaque-step', (l) => l.some((d) => d.code === 'opaque-step'));
    const diagnostic = list.find((d) => d.code === 'opaque-step')!;
    assert.equal(diagnostic.severity, 3);
    assert.equal(diagnostic.codeDescription?.href, 'https://lens.example/rules/opaque-step.md');
    assert.equal(diagnostic.range.start.line, opaque.split('\n').findIndex((l) => l.includes('for name in')));
    await client.change(third, original);
    await client.waitForDiagnostics(third, 'no opaque-step', (l) => !l.some((d) => d.code === 'opaque-step'));
  } finally {
    await client.dispose();
  }
});
