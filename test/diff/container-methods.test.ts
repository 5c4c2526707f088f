/**
 * Methods of lists, tuples and dicts that data migrations use to build their rows: a list's
 * `sort` (with `reverse=`, stable), `pop`, `insert`, `remove`, `index`, `count`, `copy`, `clear`,
 * `reverse`; a tuple's `index` and `count`; a dict's `update` (a dict, pairs, keywords), `copy`
 * and `clear`. Each was refused ("unsupported method"), so the migration had no offline SQL and
 * no online run. Each block below ends by binding `v`, printed through op.execute(); compared
 * with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun } from './printedValues';

requireAlembic();
isolateCache();

/** Blocks of statements, each binding `v`; each runs in its own helper function. */
const BLOCKS: string[][] = [
  ["d = {\"b\": 1, \"a\": 2}", "d.update({\"a\": 9, \"c\": 3})", "d.update(z=0)", "d.update([(\"q\", 5)])", "v = list(d.items())"],
  ["d = {\"a\": 1}", "d.setdefault(\"b\", []).append(5)", "x = d.pop(\"a\")", "v = [list(d.items()), x]"],
  ["d = {\"a\": 1}", "e = d.copy()", "e[\"b\"] = 2", "v = [list(d.items()), list(e.items())]"],
  ["d = {\"a\": 1}", "d.clear()", "v = len(d)"],
  ["l = [5, 3, 9, 1]", "l.sort(reverse=True)", "l.insert(-1, 4)", "l.remove(9)", "l.append(l.pop(0))", "v = [l, l.index(4), l.count(3)]"],
  ["t = (\"a\", \"b\", \"a\")", "v = [t.index(\"b\"), t.count(\"a\"), t.index(\"a\", 1)]"],
  ["l = [1, True, 1.0, 0]", "l.sort(reverse=True)", "v = l"],
  ["l = [\"\u00e9\", \"e\", \"z\", \"\u00c9\"]", "l.sort()", "v = l"],
  ["a = [1]", "b = a.copy()", "b.append(2)", "a.reverse()", "v = [a, b]"],
];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op'], upgrade: body });
}

test('list, tuple and dict methods give what Python gives', async () => {
  const dir = offlineProject('container-methods-', {
    'migrations/versions/a1_containers.py': migration(
      BLOCKS.flatMap((block, at) => [`def block${at}():`, ...block.map((line) => `    ${line}`), '    return v', `op.execute(f"SELECT {block${at}()!r} AS v${at}")`]),
    ),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT \[\('b', 1\), \('a', 9\), \('c', 3\), \('z', 0\), \('q', 5\)\] AS v0;/);
  assert.match(printed, /SELECT \[\[3, 4, 1, 5\], 1, 1\] AS v4;/);
});

test('list and tuple methods where Python raises fail', async () => {
  for (const expression of ['[].pop()', '[1].remove(2)', '(1,).index(5)', '[1].pop(3)']) {
    await failingValueRun('container-methods-raise-', expression, migration);
  }
});
