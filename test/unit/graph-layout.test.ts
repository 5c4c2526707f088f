// The lane layout of the graph view (server/src/graph/layout.ts): on every topology fixture and
// on a generated 5,000-revision history, every edge can be followed down its lane from the child
// to its target, no lane carries two lines at a row boundary, and no line passes through a node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_DEPENDENCY_SPAN, layoutLanes, type LaneLayout, type LayoutRevision } from '../../server/src/graph/layout';
import { historyOrder } from '../../server/src/graph/history';
import type { RevisionMap } from '../../server/src/graph/revisionMap';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import { generateHistory } from '../../bench/generate-history.mjs';
import { graph, rev } from './graph/helpers';
import { temporaryFolder } from '../support/temporaryFolders';

const topologies = path.resolve(__dirname, '..', 'fixtures', 'topologies');
const names = fs.readdirSync(topologies).filter((name) => fs.existsSync(path.join(topologies, name, 'alembic.ini')));

/** The rows the language server lays out: history order, parents and resolved dependencies. */
function rowsOf(map: RevisionMap): LayoutRevision[] {
  return historyOrder(map).map((id) => {
    const revision = map.get(id)!;
    return { id, parents: revision.downRevisions, dependencies: revision.dependsOn };
  });
}

function fixtureRows(name: string): LayoutRevision[] {
  const index = buildWorkspaceIndex([path.join(topologies, name)]);
  assert.equal(index.environments.length, 1, `one environment in ${name}`);
  return rowsOf(index.environments[0].graph);
}

/**
 * Checks the drawing a layout describes, row by row, the way an eye follows it: the lines at the
 * bottom of each row are exactly the lines at the top of the next (same lanes, colours, styles),
 * no lane holds two lines at a boundary, no passing line sits in the node's lane, and every edge
 * leaving a node, followed straight down its lane, enters the node of its target.
 */
function assertDrawable(rows: readonly LayoutRevision[], layout: LaneLayout, maxDependencySpan = DEFAULT_MAX_DEPENDENCY_SPAN): void {
  assert.equal(layout.rows.length, rows.length);
  const rowOf = new Map(rows.map((revision, index) => [revision.id, index]));
  const key = (l: { lane: number; color: number; dashed: boolean }): string => `${l.lane}:${l.color}:${l.dashed}`;
  let above: string[] = [];
  layout.rows.forEach((row, index) => {
    const top = [...row.through, ...row.incoming].map(key).sort();
    assert.deepEqual(top, [...above].sort(), `row ${index} (${rows[index].id}): lines at its top are the lines at the bottom of the row above`);
    const topLanes = [...row.through, ...row.incoming].map((l) => l.lane);
    assert.equal(new Set(topLanes).size, topLanes.length, `row ${index}: one line per lane at its top`);
    assert.ok(!row.through.some((l) => l.lane === row.lane), `row ${index}: no line passes through the node`);
    // At the bottom, an outgoing line may join a passing line of the same lane (same target).
    const bottom = new Map<number, string>();
    for (const l of [...row.through, ...row.outgoing]) {
      const previous = bottom.get(l.lane);
      assert.ok(previous === undefined || previous === key(l), `row ${index}: lane ${l.lane} holds two different lines at its bottom`);
      bottom.set(l.lane, key(l));
    }
    above = [...bottom.values()];
    assert.ok(row.width >= 1 && row.width <= layout.laneCount);
  });
  assert.deepEqual(above, [], 'no line runs off the bottom of the graph');

  // Follow every edge: from the source row's outgoing line down its lane to the target's node.
  rows.forEach((revision, source) => {
    const targets = [...new Set([...revision.parents.map((id) => ({ id, dashed: false })), ...revision.dependencies.filter((id) => !revision.parents.includes(id)).map((id) => ({ id, dashed: true }))].map((t) => JSON.stringify(t)))].map((t) => JSON.parse(t) as { id: string; dashed: boolean });
    for (const target of targets) {
      const targetRow = rowOf.get(target.id);
      if (targetRow === undefined || target.id === revision.id) continue;
      if (targetRow < source) {
        assert.ok(layout.upward.some((edge) => edge.from === source && edge.to === targetRow), `${revision.id} -> ${target.id} is listed as an upward edge`);
        continue;
      }
      if (target.dashed && layout.rows[source].jumpsOut.includes(targetRow)) {
        assert.ok(layout.rows[targetRow].jumpsIn.includes(source), `the far dependency ${revision.id} -> ${target.id} has its stub at both ends`);
        assert.ok(targetRow - source > maxDependencySpan, 'only far dependencies are stubs');
        continue;
      }
      const starts = layout.rows[source].outgoing.filter((l) => l.dashed === target.dashed);
      const reached = starts.some((start) => {
        for (let row = source + 1; row < layout.rows.length; row++) {
          const at = layout.rows[row];
          if (at.incoming.some((l) => l.lane === start.lane && l.dashed === start.dashed && l.color === start.color)) return row === targetRow;
          if (!at.through.some((l) => l.lane === start.lane)) return false;
        }
        return false;
      });
      assert.ok(reached, `edge ${revision.id} -> ${target.id}${target.dashed ? ' (depends_on)' : ''} is drawn down to its target`);
    }
  });
}

test('the topology fixtures are there', () => {
  assert.ok(names.length >= 8, names.join(', '));
});

for (const name of names) {
  test(`every edge is drawn, unambiguously: ${name}`, () => {
    const rows = fixtureRows(name);
    assert.ok(rows.length > 0);
    const layout = layoutLanes(rows);
    assertDrawable(rows, layout);
    assert.deepEqual(layout.upward, [], 'a history order never puts a parent above its child');
  });
}

test('a linear history is one lane in one colour', () => {
  const layout = layoutLanes(fixtureRows('linear'));
  assert.equal(layout.laneCount, 1);
  assert.deepEqual(new Set(layout.rows.map((row) => `${row.lane}/${row.color}`)), new Set(['0/0']));
});

test('a diamond: the branch takes a second lane and colour, and both lines enter the merge and the branch point', () => {
  // m merges b and c, which both descend from a.
  const rows: LayoutRevision[] = [
    { id: 'm', parents: ['b', 'c'], dependencies: [] },
    { id: 'c', parents: ['a'], dependencies: [] },
    { id: 'b', parents: ['a'], dependencies: [] },
    { id: 'a', parents: [], dependencies: [] },
  ];
  const layout = layoutLanes(rows);
  assertDrawable(rows, layout);
  assert.equal(layout.laneCount, 2);
  const [m, c, b, a] = layout.rows;
  assert.deepEqual(m.outgoing.map((l) => l.lane), [0, 1]);
  assert.notEqual(m.outgoing[0].color, m.outgoing[1].color);
  assert.equal(c.lane, 1);
  assert.equal(b.lane, 0);
  // c's line to a joins no other lane (b has not been reached), so a is entered from two lanes.
  assert.equal(a.incoming.length, 2);
  assert.equal(a.lane, 0);
});

test('a merge of three heads: three lanes enter the merge point from below, one leaves each parent', () => {
  const rows = fixtureRows('merge-three');
  const layout = layoutLanes(rows);
  const merge = rows.findIndex((revision) => revision.parents.length === 3);
  assert.ok(merge >= 0);
  assert.equal(layout.rows[merge].outgoing.length, 3);
  assert.equal(new Set(layout.rows[merge].outgoing.map((l) => l.lane)).size, 3);
  assert.ok(layout.laneCount >= 3);
});

test('depends_on edges are dashed, and only they are', () => {
  const rows = fixtureRows('depends-on');
  const layout = layoutLanes(rows);
  const dashedOut = layout.rows.reduce((count, row) => count + row.outgoing.filter((l) => l.dashed).length + row.jumpsOut.length, 0);
  const dependencies = rows.reduce((count, revision) => count + revision.dependencies.filter((id) => !revision.parents.includes(id)).length, 0);
  assert.ok(dependencies > 0, 'the fixture declares depends_on');
  assert.equal(dashedOut, dependencies);
});

test('edges with the same target join one lane instead of taking two', () => {
  // x and y both depend on d (dashed); the second joins the first's lane.
  const rows: LayoutRevision[] = [
    { id: 'x', parents: ['p'], dependencies: ['d'] },
    { id: 'y', parents: ['x'], dependencies: ['d'] },
    { id: 'p', parents: ['d'], dependencies: [] },
    { id: 'd', parents: [], dependencies: [] },
  ];
  const layout = layoutLanes(rows);
  assertDrawable(rows, layout);
  const dashedLanes = new Set(layout.rows.flatMap((row) => row.outgoing.filter((l) => l.dashed).map((l) => l.lane)));
  assert.equal(dashedLanes.size, 1);
});

test('a cycle and a missing parent never throw: the edge up is listed, the missing one left out', () => {
  const map = graph(rev('a'), rev('b', 'c'), rev('c', 'b'), rev('d', 'gone'));
  const rows = rowsOf(map);
  const layout = layoutLanes(rows);
  assertDrawable(rows, layout);
  assert.equal(layout.upward.length, 1, JSON.stringify(layout.upward));
  const d = rows.findIndex((revision) => revision.id === 'd');
  assert.deepEqual(layout.rows[d].outgoing, []);
});

test('a generated 5,000-revision history (bench/generate-history.mjs) lays out fast and narrow, every edge drawn', () => {
  const out = temporaryFolder('graph-layout-');
  let rows: LayoutRevision[];
  try {
    generateHistory({ revisions: 5000, out: path.join(out, 'history'), seed: 7, ops: false });
    const index = buildWorkspaceIndex([out]);
    assert.equal(index.environments.length, 1);
    rows = rowsOf(index.environments[0].graph);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  assert.equal(rows.length, 5000);
  const started = performance.now();
  const layout = layoutLanes(rows);
  const ms = performance.now() - started;
  assertDrawable(rows, layout);
  assert.ok(ms < 1000, `layout of 5,000 rows took ${ms.toFixed(1)} ms`);
  assert.ok(layout.laneCount <= 12, `lanes stay few: ${layout.laneCount}`);
  const stubs = layout.rows.reduce((count, row) => count + row.jumpsOut.length, 0);
  assert.ok(stubs > 0 && stubs < 234, `some, not all, dependencies are stubs: ${stubs}`);
});

test('the span limit is an option: with 0, every dependency is a pair of stubs', () => {
  const rows = fixtureRows('depends-on');
  const layout = layoutLanes(rows, { maxDependencySpan: 0 });
  assertDrawable(rows, layout, 0);
  assert.ok(layout.rows.every((row) => row.outgoing.every((l) => !l.dashed)), 'span 0: every dependency is a stub');
  assert.ok(layout.rows.some((row) => row.jumpsOut.length > 0));
});
