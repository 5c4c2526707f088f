// Without a docsBaseUrl from the editor, every diagnostic links to the public rule page named by
// package.json `repository`: an installed extension has no docs/ folder, so a file:// link would
// go nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, startClient } from './support/lspClient';

const root = path.resolve(__dirname, '..', '..');
const repository: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).repository.url;

test('the default codeDescription.href is the public rule page, and that page exists', async () => {
  const workspace = copyFixture('linear');
  const versions = path.join(workspace, 'migrations', 'versions');
  const client = await startClient({ root: workspace });
  try {
    await client.waitForIndex();
    const file = path.join(versions, '2b3c4d5e6f70_add_orders.py');
    const text = fs.readFileSync(file, 'utf8').replace(/^down_revision(.*)=.*$/m, "down_revision$1= 'f00dfeedbeef'");
    await client.open(file, text);
    const diagnostics = await client.waitForDiagnostics(file, 'missing-parent', (list) => list.some((d) => d.code === 'missing-parent'));
    const diagnostic = diagnostics.find((d) => d.code === 'missing-parent')!;
    const expected = `${repository.replace(/\.git$/, '')}/blob/main/docs/rules/missing-parent.md`;
    assert.equal(diagnostic.codeDescription?.href, expected);
    assert.match(expected, /^https:\/\//);
    assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', 'missing-parent.md')));
  } finally {
    await client.dispose();
  }
});
