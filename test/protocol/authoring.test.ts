// alembic/createRevision over a real LSP connection: the server writes the file the CLI's
// `revision` / `merge` write, answers where the cursor goes, re-indexes it, and refuses bad input
// (the list) with a message and a stable code, writing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CreateRevisionResult, StatusResult, TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient, type TestClient } from './support/lspClient';

const HEAD = '3c4d5e6f7081';

async function environmentIdOf(client: TestClient): Promise<string> {
  const status = await client.request<StatusResult>('alembic/status', {});
  return status.environments[0].id;
}

function versionFiles(root: string): string[] {
  return fs.readdirSync(path.join(root, 'migrations', 'versions')).filter((name) => name.endsWith('.py')).sort();
}

/**
 * A folder nobody may write to: mode 0555, and for root (whom modes do not stop) the immutable
 * attribute. Fails, saying why, when neither works here.
 */
function makeUnwritable(folder: string): () => void {
  fs.chmodSync(folder, 0o555);
  let immutable = false;
  if (writable(folder)) {
    immutable = spawnSync('chattr', ['+i', folder]).status === 0;
    if (!immutable || writable(folder)) {
      fs.chmodSync(folder, 0o755);
      assert.fail('cannot make a read-only folder here (running as root without chattr)');
    }
  }
  return () => {
    if (immutable) spawnSync('chattr', ['-i', folder]);
    fs.chmodSync(folder, 0o755);
  };
}

function writable(folder: string): boolean {
  const probe = path.join(folder, '.probe');
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

async function waitForHeads(client: TestClient, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let heads: string[] = [];
  while (Date.now() < deadline) {
    const tree = await client.request<TreeResult>('alembic/tree', {});
    heads = [...(tree.environments[0]?.heads ?? [])].sort();
    if (JSON.stringify(heads) === JSON.stringify([...expected].sort())) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`heads are ${heads.join(', ')}, expected ${expected.join(', ')}`);
}

test('alembic/createRevision writes the rendered file on the head, puts the cursor in upgrade(), and the index picks it up', async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const environmentId = await environmentIdOf(client);
    const result = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'add invoices table', revisionId: 'abcdef012345' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.revisionId, 'abcdef012345');
    assert.equal(result.file, path.join(root, 'migrations', 'versions', 'abcdef012345_add_invoices_table.py'));
    const text = fs.readFileSync(result.file, 'utf8');
    assert.match(text, /^"""add invoices table\n\nRevision ID: abcdef012345\nRevises: 3c4d5e6f7081\n/);
    assert.match(text, /down_revision = '3c4d5e6f7081'/);
    const lines = text.split('\n');
    assert.match(lines[result.cursor.line - 1], /^def upgrade\(\) -> None:$/);
    assert.equal(lines[result.cursor.line].slice(result.cursor.character), 'pass');
    await waitForHeads(client, ['abcdef012345']);
  } finally {
    await client.dispose();
  }
});

test('alembic/createRevision with several heads builds on the chosen one, and merges when given both', async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const environmentId = await environmentIdOf(client);
    // A branch from the second revision (splice), then a revision on it, then a merge of both heads.
    const branch = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'side branch', heads: ['2b3c4d5e6f70'], splice: true, revisionId: 'b0b0b0b0b0b0', branchLabel: 'side' });
    assert.ok(branch.ok, JSON.stringify(branch));
    await waitForHeads(client, [HEAD, 'b0b0b0b0b0b0']);
    const several = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'no head chosen' });
    assert.equal(several.ok, false);
    assert.ok(!several.ok && several.code === 'revision-request-invalid' && /Multiple heads/.test(several.message), JSON.stringify(several));
    const onSide = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'on the side', heads: ['side@head'], revisionId: 'c0c0c0c0c0c0' });
    assert.ok(onSide.ok, JSON.stringify(onSide));
    assert.match(fs.readFileSync(onSide.file, 'utf8'), /down_revision = 'b0b0b0b0b0b0'/);
    await waitForHeads(client, [HEAD, 'c0c0c0c0c0c0']);
    const merge = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'merge heads', heads: [HEAD, 'c0c0c0c0c0c0'], revisionId: 'd0d0d0d0d0d0' });
    assert.ok(merge.ok, JSON.stringify(merge));
    assert.match(fs.readFileSync(merge.file, 'utf8'), /down_revision = \('3c4d5e6f7081', 'c0c0c0c0c0c0'\)/);
    await waitForHeads(client, ['d0d0d0d0d0d0']);
  } finally {
    await client.dispose();
  }
});

test('alembic/createRevision refuses bad input with a message and a code, and writes nothing', async (t) => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const environmentId = await environmentIdOf(client);
    const before = versionFiles(root);
    const cases: { name: string; params: Record<string, unknown>; code: string; message: RegExp }[] = [
      { name: 'a message that gives an empty slug', params: { message: '!!! ...' }, code: 'revision-request-invalid', message: /empty file name slug/ },
      { name: 'an unknown head', params: { message: 'x', heads: ['ffffffffffff'] }, code: 'revision-request-invalid', message: /ffffffffffff/ },
      { name: 'a revision id that exists', params: { message: 'x', revisionId: HEAD }, code: 'revision-request-invalid', message: /already exists/ },
      { name: 'a version path outside the version locations', params: { message: 'x', versionPath: '/tmp' }, code: 'revision-request-invalid', message: /not represented in current version locations/ },
      { name: 'a non-head without splice', params: { message: 'x', heads: ['1a2b3c4d5e6f'] }, code: 'revision-request-invalid', message: /not a head revision/ },
      { name: 'an unknown environment', params: { message: 'x', environmentId: '/nowhere/alembic.ini#alembic' }, code: 'revision-request-invalid', message: /Unknown Alembic environment/ },
    ];
    for (const entry of cases) {
      await t.test(entry.name, async () => {
        const result = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, ...entry.params });
        assert.equal(result.ok, false, JSON.stringify(result));
        if (result.ok) return;
        assert.equal(result.code, entry.code);
        assert.match(result.message, entry.message);
        assert.deepEqual(versionFiles(root), before, 'no file written');
      });
    }

    await t.test('a template with a syntax error', async () => {
      const template = path.join(root, 'migrations', 'script.py.mako');
      const original = fs.readFileSync(template, 'utf8');
      fs.writeFileSync(template, original.replace('def upgrade', '% if message:\ndef upgrade'));
      try {
        const result = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'x' });
        assert.equal(result.ok, false, JSON.stringify(result));
        if (result.ok) return;
        assert.equal(result.code, 'revision-template-failed');
        assert.match(result.message, /script\.py\.mako:\d+/);
        assert.deepEqual(versionFiles(root), before);
      } finally {
        fs.writeFileSync(template, original);
      }
    });

    await t.test('a read-only version folder', async () => {
      const versions = path.join(root, 'migrations', 'versions');
      const restore = makeUnwritable(versions);
      try {
        const result = await client.request<CreateRevisionResult>('alembic/createRevision', { environmentId, message: 'x' });
        assert.equal(result.ok, false, JSON.stringify(result));
        if (result.ok) return;
        assert.equal(result.code, 'revision-write-failed');
        assert.match(result.message, /not writable/);
      } finally {
        restore();
      }
      assert.deepEqual(versionFiles(root), before);
    });
  } finally {
    await client.dispose();
  }
});
