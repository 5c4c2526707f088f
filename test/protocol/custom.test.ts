// CodeLens and the custom alembic/* requests: merge revision creation (applied by the editor
// or written by the server) and the SQL preview of a revision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, CodeLens } from 'vscode-languageserver/node';
import type { CreateMergeRevisionResult, PreviewSqlResult, StatusResult, TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient, uriOf } from './support/lspClient';

const BRANCH = `"""branch\n\nRevision ID: 4d5e6f708192\nRevises: 2b3c4d5e6f70\nCreate Date: 2026-02-01 00:00:00.000000\n\n"""\nrevision = '4d5e6f708192'\ndown_revision = '2b3c4d5e6f70'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;

test('CodeLens: Preview SQL on upgrade(), Preview downgrade SQL on downgrade(), Merge heads on a head not alone', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  const second = path.join(versions, '2b3c4d5e6f70_add_orders.py');
  const third = path.join(versions, '3c4d5e6f7081_add_email_index.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const all = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(second) } });
    // The online actions (Upgrade to here, ...) are checked in online.test.ts.
    const lenses = all.filter((lens) => lens.command?.command === 'alembicLens.previewSql');
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['Preview SQL', 'Preview downgrade SQL']);
    assert.equal(lenses[0].command?.command, 'alembicLens.previewSql');
    assert.deepEqual(lenses[0].command?.arguments?.[0], {
      uri: uriOf(second),
      revisionId: '2b3c4d5e6f70',
      environmentId: `${path.join(root, 'alembic.ini')}#alembic`,
      direction: 'upgrade',
    });
    assert.equal(lenses[0].range.start.line, 20);
    assert.equal(lenses[1].command?.arguments?.[0].direction, 'downgrade');

    const alone = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(third) } });
    assert.ok(!alone.some((lens) => lens.command?.title.startsWith('Merge heads')), 'a single head gets no merge lens');
    fs.writeFileSync(path.join(versions, '4d5e6f708192_branch.py'), BRANCH);
    await client.watched([{ file: path.join(versions, '4d5e6f708192_branch.py'), type: 1 }]);
    const withMerge = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(third) } });
    const merge = withMerge.find((lens) => lens.command?.title.startsWith('Merge heads'));
    assert.ok(merge);
    assert.equal(merge.command?.command, 'alembicLens.createMergeRevision');
    assert.deepEqual([...merge.command?.arguments?.[0].heads].sort(), ['3c4d5e6f7081', '4d5e6f708192']);
  } finally {
    await client.dispose();
  }
});

test('alembic/createMergeRevision applies the new file through the editor, and the heads merge', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  fs.writeFileSync(path.join(versions, '4d5e6f708192_branch.py'), BRANCH);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.environments[0].heads.length, 2);
    const result = await client.request<CreateMergeRevisionResult>('alembic/createMergeRevision', { environmentId: status.environments[0].id });
    assert.equal(result.applied, true);
    assert.match(result.revisionId, /^[0-9a-f]{12}$/);
    assert.equal(result.file, path.join(versions, `${result.revisionId}_merge_heads.py`));
    assert.equal(client.appliedEdits.length, 1);
    assert.equal(fs.readFileSync(result.file, 'utf8'), result.content);
    await client.watched([{ file: result.file, type: 1 }]);
    const after = await client.request<StatusResult>('alembic/status', {});
    assert.deepEqual(after.environments[0].heads, [result.revisionId]);
    const tree = await client.request<TreeResult>('alembic/tree', {});
    const merged = tree.environments[0].revisions[0];
    assert.equal(merged.id, result.revisionId);
    assert.equal(merged.markers.mergepoint, true);
    assert.equal(merged.message, 'merge heads');
  } finally {
    await client.dispose();
  }
});

test('alembic/createMergeRevision writes the file itself when the client cannot apply edits', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  fs.writeFileSync(path.join(versions, '4d5e6f708192_branch.py'), BRANCH);
  const client = await startClient({ root, applyEdit: false });
  try {
    await client.waitForIndex();
    const [env] = (await client.request<StatusResult>('alembic/status', {})).environments;
    const dryRun = await client.request<CreateMergeRevisionResult>('alembic/createMergeRevision', { environmentId: env.id, apply: false, message: 'Join the two branches!' });
    assert.equal(dryRun.applied, false);
    assert.ok(!fs.existsSync(dryRun.file));
    assert.match(path.basename(dryRun.file), /^[0-9a-f]{12}_join_the_two_branches\.py$/);
    const result = await client.request<CreateMergeRevisionResult>('alembic/createMergeRevision', { environmentId: env.id });
    assert.equal(result.applied, true);
    assert.ok(fs.existsSync(result.file));
    const after = await client.request<StatusResult>('alembic/status', {});
    assert.deepEqual(after.environments[0].heads, [result.revisionId]);
    assert.equal(await client.request('alembic/createMergeRevision', { environmentId: 'nope' }), null);
  } finally {
    await client.dispose();
  }
});

test('alembic/previewSql renders a revision by file or by id, and explains what it cannot', async () => {
  const root = copyFixture('linear');
  const second = path.join(root, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const upgrade = await client.request<PreviewSqlResult>('alembic/previewSql', { uri: uriOf(second), direction: 'upgrade' });
    assert.equal(upgrade.revisionId, '2b3c4d5e6f70');
    assert.match(upgrade.sql, /CREATE TABLE orders \(/);
    assert.match(upgrade.sql, /CREATE INDEX ix_orders_user_id ON orders \(user_id\);/);
    // The header names the environment, the range and the opaque steps; the SQL is formatted.
    assert.match(upgrade.sql, /^-- Alembic Lens: offline upgrade SQL/);
    assert.match(upgrade.sql, /^-- environment: alembic \(.*alembic\.ini\)$/m);
    assert.match(upgrade.sql, /^-- range: 1a2b3c4d5e6f -> 2b3c4d5e6f70$/m);
    assert.match(upgrade.sql, /^-- opaque steps: none$/m);
    assert.match(upgrade.sql, /^  user_id INTEGER NOT NULL,$/m, 'one column per line, indented by sql-formatter');
    const downgrade = await client.request<PreviewSqlResult>('alembic/previewSql', { revisionId: '2b3c', direction: 'downgrade' });
    assert.equal(downgrade.revisionId, '2b3c4d5e6f70');
    assert.match(downgrade.sql, /DROP TABLE orders;/);
    const unknown = await client.request<PreviewSqlResult>('alembic/previewSql', { revisionId: 'zzzz', direction: 'upgrade' });
    assert.equal(unknown.sql, '');
    assert.match(unknown.warnings.join('\n'), /unknown revision zzzz/);
  } finally {
    await client.dispose();
  }
});

test('alembic/indexChanged is sent when the tree changes, not for edits inside upgrade()', async () => {
  const root = copyFixture('linear');
  const second = path.join(root, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const original = fs.readFileSync(second, 'utf8');
    await client.open(second, original);
    const countBefore = () => client.notifications.filter((n) => n.method === 'alembic/indexChanged').length;
    const before = countBefore();
    await client.change(second, original.replace("op.create_index('ix_orders_user_id'", "op.create_index('ix_orders_user'"));
    // A request applies queued edits first; once it answers, any notification would have been sent.
    await client.request('alembic/status', {});
    assert.equal(countBefore(), before, 'no tree refresh for a body edit');
    await client.change(second, original.replace('"""add orders', '"""add orders and more'));
    const notice = await client.waitFor('indexChanged after a message edit', () => (countBefore() > before ? client.notifications[client.notifications.length - 1] : undefined));
    assert.deepEqual((notice.params as { environments: string[] }).environments, [`${path.join(root, 'alembic.ini')}#alembic`]);
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.equal(tree.environments[0].revisions[1].message, 'add orders and more');
  } finally {
    await client.dispose();
  }
});

test('without CreateFile support the merge quick fix is a server command that writes the file', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  fs.writeFileSync(path.join(versions, '4d5e6f708192_branch.py'), BRANCH);
  const client = await startClient({ root, createFiles: false, applyEdit: false });
  try {
    await client.waitForIndex();
    const third = path.join(versions, '3c4d5e6f7081_add_email_index.py');
    const [diagnostic] = await client.waitForDiagnostics(third, 'multiple-heads', (list) => list.some((d) => d.code === 'multiple-heads'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(third) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const merge = actions.find((action) => action.title.startsWith('Create merge revision'))!;
    assert.equal(merge.edit, undefined);
    assert.equal(merge.command?.command, 'alembic-lens.server.createMergeRevision');
    assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider?.commands, ['alembic-lens.server.createMergeRevision']);
    const result = await client.request<CreateMergeRevisionResult>('workspace/executeCommand', { command: merge.command!.command, arguments: merge.command!.arguments });
    assert.equal(result.applied, true);
    assert.match(fs.readFileSync(result.file, 'utf8'), /^"""merge heads\n/);
    await client.waitForDiagnostics(third, 'merged', (list) => !list.some((d) => d.code === 'multiple-heads'));
  } finally {
    await client.dispose();
  }
});
