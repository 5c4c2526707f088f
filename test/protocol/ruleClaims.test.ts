// What the rule pages of the interpreter's codes say, checked on the real server: the editor
// reports them for open migration files, and `# alembic-lens: ignore[...]` / `ignore-file[...]`
// comments silence them there as they silence the index's problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { copyFixture, startClient } from './support/lspClient';

const CODE = 'async-migration-function';
const has = (list: Diagnostic[]) => list.some((d) => d.code === CODE);
const hasNot = (list: Diagnostic[]) => !has(list);

test('async-migration-function: reported in an open file, silenced by ignore[...] on its line and by ignore-file[...]', async () => {
  const workspace = copyFixture('linear');
  const file = path.join(workspace, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
  const original = fs.readFileSync(file, 'utf8');
  const asyncText = original.replace(/^def downgrade\((.*)$/m, 'async def downgrade($1');
  assert.notEqual(asyncText, original);
  const client = await startClient({ root: workspace });
  try {
    await client.waitForIndex();
    await client.open(file, asyncText);
    const reported = await client.waitForDiagnostics(file, CODE, has);
    assert.equal(reported.filter((d) => d.code === CODE).length, 1);

    const onItsLine = asyncText.replace(/^(async def downgrade\(.*)$/m, `$1  # alembic-lens: ignore[${CODE}]`);
    await client.change(file, onItsLine);
    await client.waitForDiagnostics(file, `no ${CODE} with ignore[...]`, hasNot);

    await client.change(file, asyncText);
    await client.waitForDiagnostics(file, `${CODE} again`, has);
    await client.change(file, `# alembic-lens: ignore-file[${CODE}]\n${asyncText}`);
    await client.waitForDiagnostics(file, `no ${CODE} with ignore-file[...]`, hasNot);
  } finally {
    await client.dispose();
  }
});
