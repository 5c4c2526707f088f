// What the graph webview receives (client/src/graph/graphModel.ts): the server's rows with the
// database marks of the active connection, environment headings, and no file paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { databaseMarkOf, graphViewModel } from '../../client/src/graph/graphModel';
import { graphEnvironment } from '../../server/src/lsp/graphView';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import type { DatabaseState } from '../../server/src/protocol';

const diamond = path.resolve(__dirname, '..', 'fixtures', 'topologies', 'diamond');

function state(environmentId: string, current: string[], applied: string[], ok = true): DatabaseState {
  return { environmentId, connection: 'dev', display: 'u@h/db', ok, rows: current, current, applied };
}

test('applied, current and pending marks come from the database state, none without one', () => {
  const env = graphEnvironment(buildWorkspaceIndex([diamond]).environments[0]);
  const ids = env.revisions.map((revision) => revision.id);
  const base = ids[ids.length - 1];
  const second = ids[ids.length - 2];
  const database = state(env.id, [second], [second, base]);
  const model = graphViewModel({ environments: [env], indexing: false }, (id) => (id === env.id ? database : undefined), (file) => path.basename(file));
  const marks = new Map(model.environments[0].rows.map((row) => [row.id, row.database]));
  assert.equal(marks.get(base), 'applied');
  assert.equal(marks.get(second), 'current');
  assert.ok(ids.slice(0, -2).every((id) => marks.get(id) === 'pending'));
  assert.equal(model.environments[0].database, 'dev: ' + second);
  assert.equal(model.environments[0].name, `${env.name} · alembic.ini`);
  const withoutDatabase = graphViewModel({ environments: [env], indexing: false }, () => undefined);
  assert.ok(withoutDatabase.environments[0].rows.every((row) => row.database === undefined));
  assert.equal(withoutDatabase.environments[0].database, undefined);
});

test('a database that could not be read marks nothing', () => {
  assert.equal(databaseMarkOf('a', state('e', [], [], false)), undefined);
  assert.equal(databaseMarkOf('a', state('e', [], [])), 'pending');
});

test('rows keep the layout and drop file paths; an empty answer says why', () => {
  const env = graphEnvironment(buildWorkspaceIndex([diamond]).environments[0]);
  const model = graphViewModel({ environments: [env], indexing: false }, () => undefined);
  const row = model.environments[0].rows[0];
  assert.deepEqual(row.outgoing, env.revisions[0].outgoing);
  assert.equal(row.lane, env.revisions[0].lane);
  assert.ok(!('file' in row) && !('uri' in row));
  assert.match(graphViewModel({ environments: [], indexing: true }, () => undefined).message ?? '', /Indexing/);
  assert.match(graphViewModel({ environments: [], indexing: false }, () => undefined).message ?? '', /No Alembic environment/);
});
