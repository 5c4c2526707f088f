// A syntax error below the header of a file that is not open is found by the idle body sweep
// after the first tree went out. The tree (problem icon on the revision, the environment's
// problem count) and the status bar are drawn from alembic/tree and alembic/status, which the
// client fetches again only on alembic/indexChanged: the sweep must send it, or the tree keeps
// saying "No problems" while the Problems panel lists the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { StatusResult, TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient } from './support/lspClient';

test('the body syntax sweep sends alembic/indexChanged, and the tree then counts the error', async () => {
  const root = copyFixture('linear');
  const third = path.join(root, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
  // An unclosed parenthesis inside upgrade(): below the header, so the cold index does not see it.
  const broken = fs.readFileSync(third, 'utf8').replace("nullable=True))\n", 'nullable=True)\n');
  fs.writeFileSync(third, broken);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const indexChanges = () => client.notifications.filter((n) => n.method === 'alembic/indexChanged').length;
    const before = indexChanges();
    await client.waitForDiagnostics(third, 'the syntax error of the closed file', (list) => list.some((d) => d.code === 'python-syntax-error'));
    await client.waitFor('alembic/indexChanged after the body sweep found the error', () => indexChanges() > before);
    const tree = await client.request<TreeResult>('alembic/tree', {});
    const revision = tree.environments[0].revisions.find((r) => r.id === '3c4d5e6f7081');
    assert.ok(revision && revision.problemCount > 0, `the revision's problem count: ${revision?.problemCount}`);
    assert.ok(tree.environments[0].problemCount > 0, 'the environment counts the error');
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.ok(status.environments[0].problemCount > 0, 'the status counts the error');
  } finally {
    await client.dispose();
  }
});
