// A Flask-Migrate project over a real LSP connection: the `migrations/` folder `flask db init`
// writes (alembic.ini without script_location, env.py taking the app from flask) is an environment
// with its revisions, diagnostics and tree; autogenerate, which would hand it to the real Alembic,
// is refused with flask-migrate-needs-flask and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CreateRevisionResult, StatusResult, TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient } from './support/lspClient';

test('a Flask-Migrate project is indexed as flask db reads it, and autogenerate says to use flask db', async () => {
  const root = copyFixture('flask-migrate');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.workspaceProblemCount, 0);
    assert.equal(status.environments.length, 1);
    const environment = status.environments[0];
    assert.equal(environment.configFile, path.join(root, 'migrations', 'alembic.ini'));
    assert.deepEqual(environment.heads, ['b2c3d4e5f6a7']);
    assert.equal(environment.revisionCount, 2);
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.ok(JSON.stringify(tree).includes('a1b2c3d4e5f6'), 'the tree lists the base revision');
    const codes = [...client.diagnostics.values()].flat().map((diagnostic) => diagnostic.code);
    assert.ok(!codes.includes('missing-script-location'), codes.join(', '));

    const versions = () => fs.readdirSync(path.join(root, 'migrations', 'versions')).sort();
    const before = versions();
    const refused = await client.request<CreateRevisionResult>('alembic/createRevision', {
      environmentId: environment.id,
      message: 'add invoices',
      autogenerate: { python: process.execPath, connection: { kind: 'embedded', name: 'embedded', folder: path.join(root, '.embedded') } },
    });
    assert.ok(!refused.ok && refused.code === 'flask-migrate-needs-flask' && /flask db migrate -m "add invoices"/.test(refused.message), JSON.stringify(refused));
    assert.deepEqual(versions(), before);
  } finally {
    await client.dispose();
  }
});
