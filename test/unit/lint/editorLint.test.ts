// The language server's adapter (lsp/lint.ts): nothing until the parser is loaded, then a
// republish; a long uncached history is read in idle slices while the open file is linted alone,
// then republished with the history's knowledge (here: a table an earlier revision dropped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { lintProblems } from '../../../server/src/lsp/lint';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';

function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

test('the editor lints alone until the history is read, then republishes with what the history knows', async () => {
  const files: Record<string, string> = {};
  const count = 60;
  files['r000.py'] = `${headerOf('r000', undefined)}def upgrade():\n    op.drop_table("carts")\n\ndef downgrade():\n    pass\n`;
  for (let n = 1; n < count; n++) {
    const id = `r${String(n).padStart(3, '0')}`;
    const down = `r${String(n - 1).padStart(3, '0')}`;
    const body = n === count - 1 ? 'op.add_column("carts", sa.Column("note", sa.Text()))' : `op.add_column("orders", sa.Column("c${n}", sa.Text()))`;
    files[`${id}.py`] = `${headerOf(id, down)}def upgrade():\n    ${body}\n\ndef downgrade():\n    pass\n`;
  }
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  const env = index.environments[0];
  const last = path.join(root, 'versions', `r${String(count - 1).padStart(3, '0')}.py`);
  let republished = 0;
  const codes = () => lintProblems(index, env, last, () => republished++).map((problem) => problem.code);

  // The parser loads asynchronously: first nothing, then a republish.
  const first = codes();
  if (republished === 0 && first.length === 0) await waitFor(() => republished > 0, 'the parser');
  const before = republished;
  // Linted alone: the table the first revision dropped is not known to be missing yet.
  assert.ok(!codes().includes('unknown-table'));
  await waitFor(() => republished > before, 'the history warm-up');
  assert.ok(codes().includes('unknown-table'), 'with the history read, the dropped table is known');
});
