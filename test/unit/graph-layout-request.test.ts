// alembic/graph's rows (server/src/lsp/graphView.ts): the tree's order and facts, with the lane
// layout and depends_on resolved to ids, for every topology fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { graphEnvironment } from '../../server/src/lsp/graphView';
import { treeEnvironment } from '../../server/src/lsp/tree';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';

const topologies = path.resolve(__dirname, '..', 'fixtures', 'topologies');
const names = fs.readdirSync(topologies).filter((name) => fs.existsSync(path.join(topologies, name, 'alembic.ini')));

for (const name of names) {
  test(`graph rows follow the tree: ${name}`, () => {
    const env = buildWorkspaceIndex([path.join(topologies, name)]).environments[0];
    const tree = treeEnvironment(env);
    const graph = graphEnvironment(env);
    assert.deepEqual(graph.revisions.map((revision) => revision.id), tree.revisions.map((revision) => revision.id));
    assert.deepEqual(graph.heads, tree.heads);
    const ids = new Set(graph.revisions.map((revision) => revision.id));
    for (const revision of graph.revisions) {
      assert.ok(revision.lane >= 0 && revision.lane < graph.laneCount);
      for (const dependency of revision.dependsOn) assert.ok(ids.has(dependency), `${revision.id}: depends_on ${dependency} is a resolved id`);
      assert.ok(revision.uri?.startsWith('file://'));
    }
  });
}

test('depends_on written as a label or partial id arrives resolved', () => {
  const env = buildWorkspaceIndex([path.join(topologies, 'depends-on')]).environments[0];
  const tree = treeEnvironment(env);
  const graph = graphEnvironment(env);
  const asWritten = tree.revisions.flatMap((revision) => revision.dependsOn);
  const resolved = graph.revisions.flatMap((revision) => revision.dependsOn);
  assert.ok(asWritten.length > 0 && resolved.length > 0);
  assert.ok(resolved.every((id) => graph.revisions.some((revision) => revision.id === id)));
});
