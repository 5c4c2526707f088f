// The editor's revision tree lists revisions in the order `alembic-lens history` prints them
// (one ordering, graph/history.ts), and every revision once even where history fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { treeEnvironment } from '../../../server/src/lsp/tree';
import { historyOrder } from '../../../server/src/graph/history';
import { graph, rev } from '../graph/helpers';

const topologies = path.resolve(__dirname, '..', '..', 'fixtures', 'topologies');
const names = fs.readdirSync(topologies).filter((name) => fs.existsSync(path.join(topologies, name, 'alembic.ini')));

async function cliHistory(ini: string): Promise<{ code: number; ids: string[] }> {
  let stdout = '';
  const code = await runCli(['-c', ini, 'history'], { stdout: (text) => (stdout += text), stderr: () => {}, cwd: topologies, env: {} });
  // Each non-verbose line is `<parents> -> <id> (markers), message`.
  const ids = stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => /-> ([^\s,]+)/.exec(line)?.[1] ?? `unparsed line: ${line}`);
  return { code, ids };
}

function treeAndGraphIds(root: string): { tree: string[]; graph: string[] } {
  const index = buildWorkspaceIndex([root]);
  assert.equal(index.environments.length, 1, `one environment in ${root}`);
  const env = index.environments[0];
  return { tree: treeEnvironment(env).revisions.map((revision) => revision.id), graph: [...env.graph.byId.keys()] };
}

test('the topology fixtures are there', () => {
  assert.ok(names.length >= 8, names.join(', '));
});

for (const name of names) {
  test(`tree order equals the CLI history order: ${name}`, async () => {
    const root = path.join(topologies, name);
    const { tree, graph: ids } = treeAndGraphIds(root);
    const history = await cliHistory(path.join(root, 'alembic.ini'));
    assert.equal(new Set(tree).size, tree.length, 'each revision once');
    if (history.code === 0) assert.deepEqual(tree, history.ids);
    // Where Alembic's history fails (squash-duplicate), the tree still lists every revision.
    else assert.deepEqual([...tree].sort(), [...ids].sort());
  });
}

test('historyOrder adds what no head reaches (a cycle) after the walk, each once', () => {
  // b and c name each other: no head reaches them, so Alembic's history lists only a.
  const map = graph(rev('a'), rev('b', 'c'), rev('c', 'b'));
  const walked = map.walkRevisions();
  assert.ok(walked.ok);
  assert.deepEqual(walked.value.map((revision) => revision.id), ['a']);
  const order = historyOrder(map);
  assert.equal(order[0], 'a');
  assert.deepEqual([...order].sort(), ['a', 'b', 'c']);
});

test('historyOrder falls back to children first when the walk fails', () => {
  // A later copy of b without parent (a squash) makes Alembic's history fail: c overlaps b.
  const map = graph(rev('a'), rev('b', 'a'), rev('b', null, { key: 'b2.py' }), rev('c', 'b'));
  assert.equal(map.walkRevisions().ok, false);
  assert.deepEqual(historyOrder(map), ['a', 'c', 'b']);
});

test('historyOrder equals the walk on a healthy branched graph', () => {
  const map = graph(rev('a'), rev('b', 'a'), rev('c', 'a'), rev('m', ['b', 'c']), rev('x'), rev('y', 'x'));
  const walked = map.walkRevisions();
  assert.ok(walked.ok);
  assert.deepEqual(historyOrder(map), walked.value.map((revision) => revision.id));
});
