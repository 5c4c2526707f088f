// The client's connection settings, URL handling and redaction (plain Node: no vscode import).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConnections, timeoutMs } from '../../../client/src/connections/connectionSettings';
import { SecretRegistry } from '../../../client/src/connections/secretRegistry';
import { describeUrl, redactUrl, urlParts } from '../../../client/src/connections/urlParts';
import { databaseMark, viewOf, buildNodes } from '../../../client/src/views/treeModel';
import type { DatabaseState, TreeEnvironment } from '../../../server/src/protocol';

test('connections: user entries, workspace entries replacing them, and what is refused', () => {
  const read = readConnections(
    { dev: { url: 'postgresql://app@localhost/app', lockTimeout: '5s' }, shared: { url: 'postgresql://me@user-host/db' } },
    {
      shared: { url: 'postgresql://them@evil.example:6543/db', protected: true },
      leaky: { url: 'postgresql://app:hunter2@db/app' },
      empty: {},
      fromEnv: { urlEnv: 'STAGING_URL', statementTimeout: 'soon' },
    },
  );
  assert.deepEqual(
    read.connections.map((c) => [c.name, c.fromWorkspace, c.protected, c.url ?? c.urlEnv, c.lockTimeoutMs]),
    [
      ['dev', false, false, 'postgresql://app@localhost/app', 5000],
      ['shared', true, true, 'postgresql://them@evil.example:6543/db', undefined],
      ['fromEnv', true, false, 'STAGING_URL', undefined],
    ],
  );
  assert.equal(read.problems.length, 3, read.problems.join('\n'));
  assert.match(read.problems.find((p) => p.includes('leaky'))!, /holds a password/);
  assert.ok(!read.problems.join('\n').includes('hunter2'), 'the refused password is not repeated');
  assert.match(read.problems.find((p) => p.includes('empty'))!, /needs "url"/);
  assert.match(read.problems.find((p) => p.includes('statementTimeout'))!, /ignored/);
});

test('timeouts: milliseconds or text with a unit', () => {
  assert.deepEqual([timeoutMs(250), timeoutMs('250'), timeoutMs('250ms'), timeoutMs('5s'), timeoutMs('2min'), timeoutMs('1h'), timeoutMs('x'), timeoutMs(-1)], [250, 250, 250, 5000, 120000, 3600000, undefined, undefined]);
});

test('URL parts, description and redaction', () => {
  assert.deepEqual(urlParts('postgresql+psycopg2://app:p%40ss@db.example.com:6543/shop?sslmode=require'), { user: 'app', hasPassword: true, host: 'db.example.com', port: 6543, database: 'shop' });
  assert.deepEqual(urlParts('postgresql:///shop?host=/var/run/postgresql'), { user: undefined, hasPassword: false, host: '/var/run/postgresql', port: 5432, database: 'shop' });
  assert.equal(urlParts('postgresql://x@h/d?password=secret')?.hasPassword, true);
  assert.equal(describeUrl('postgresql://app:secret@db:5432/shop'), 'app@db:5432/shop');
  assert.equal(redactUrl('postgresql://app:secret@db/shop?password=other&x=1'), 'postgresql://app:***@db/shop?password=***&x=1');
  assert.equal(urlParts('not a url'), undefined);
});

test('the secret registry removes every form of a password, longest first', () => {
  const registry = new SecretRegistry();
  registry.add('p@ss "w"');
  registry.add('p@ss');
  registry.add(undefined);
  const text = 'url postgresql://u:p%40ss%20%22w%22@h, json {"password":"p@ss \\"w\\""}, plain p@ss "w" and p@ss';
  const redacted = registry.redact(text);
  assert.ok(!redacted.includes('p@ss') && !redacted.includes('p%40ss'), redacted);
  assert.equal(redacted, 'url postgresql://u:***@h, json {"password":"***"}, plain *** and ***');
});

test('tree marks: current, applied and pending from the database state; a problem keeps its icon', () => {
  const environment: TreeEnvironment = {
    id: 'env', name: 'alembic', configFile: '/w/alembic.ini', configUri: 'file:///w/alembic.ini', scriptLocation: '/w/migrations', heads: ['c'], bases: ['a'], problemCount: 0,
    revisions: ['c', 'b', 'a'].map((id, index) => ({
      id, message: `m ${id}`, line: 0, labels: [], branches: [], root: 'a', downRevisions: index < 2 ? [['b', 'a'][index]] : [], dependsOn: [], children: [],
      markers: { head: id === 'c', base: id === 'a', branchpoint: false, mergepoint: false }, problemCount: id === 'a' ? 1 : 0,
    })),
  };
  const state: DatabaseState = { environmentId: 'env', connection: 'dev', display: 'u@h:5432/d', ok: true, rows: ['b'], current: ['b'], applied: ['a', 'b'] };
  assert.deepEqual(['a', 'b', 'c'].map((id) => databaseMark(id, state)), ['applied', 'current', 'pending']);
  assert.equal(databaseMark('a', { ...state, ok: false }), undefined, 'an unreadable database marks nothing');
  const [root] = buildNodes([environment]);
  const views = root.children.map((child) => viewOf(child, (f) => f, state));
  assert.deepEqual(views.map((v) => [v.label, v.icon, v.description?.split(' · ')[0]]), [
    ['c', 'circle-large-outline', 'pending'],
    ['b', 'pass-filled', 'current'],
    ['a', 'warning', 'applied'],
  ]);
  assert.match(views[0].tooltip, /Database dev \(u@h:5432\/d\): not applied/);
  assert.match(viewOf(root, (f) => f, state).description ?? '', /dev: b/);
  assert.equal(viewOf(root.children[0], (f) => f).icon, 'arrow-circle-up', 'without a database state the graph icon stays');
});
