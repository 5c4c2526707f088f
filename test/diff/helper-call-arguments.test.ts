/**
 * A call to a function of the migration (or of the project) that Python's call machinery refuses:
 * more positional arguments than it takes (a bare `*` takes none), a keyword it has no parameter
 * for (and no `**kwargs`), or a keyword for a parameter a positional already filled. Python raises
 * TypeError before the body runs; Lens printed the helper's SQL (the last bound the positional to
 * the next parameter). A call Python accepts prints as before. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = [
  'def add(table, column, *, kind=sa.Integer):',
  '    op.add_column(table, sa.Column(column, kind))',
  '',
  '',
  'def drop(table, column):',
  '    op.drop_column(table, column)',
  '',
  '',
  'def rest(table, *columns, **options):',
  '    for column in columns:',
  '        op.add_column(table, sa.Column(column, sa.Integer, **options))',
];

function project(statement: string): string {
  return offlineProject('helper-call-arguments-', { 'migrations/versions/a1_helpers.py': baseRevision({ helpers: HELPERS, upgrade: [statement, 'op.create_table("after", sa.Column("id", sa.Integer))'] }) });
}

for (const [statement, message] of [
  ['add("t", "c", sa.Text)', 'takes 2 positional arguments but 3'],
  ['drop("t", "c", "d")', 'takes 2 positional arguments but 3 were given'],
  ['drop("t", column="c", cascade=True)', "got an unexpected keyword argument 'cascade'"],
  ['drop("t", "c", table="u")', "got multiple values for argument 'table'"],
] as const) {
  test(`${statement}: TypeError in both tools`, async () => {
    const dir = project(statement);
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.ok(alembic.stderr.includes(`TypeError: `) && alembic.stderr.includes(message), alembic.stderr);
    for (const args of [['upgrade', 'head', '--sql'], ['upgrade', 'head', '--sql', '--allow-opaque']]) {
      const lens = await runLens(dir, args);
      assert.equal(lens.code, 1, lens.stdout);
      assert.equal(lens.stdout, '');
      assert.ok(lens.stderr.includes('TypeError: ') && lens.stderr.includes(message), lens.stderr);
    }
  });
}

test('calls Python accepts print as Alembic prints them', async () => {
  const dir = project('add("t", "c", kind=sa.Text)\n    drop(column="c", table="t")\n    rest("t", "x", "y", nullable=False)\n    rest("t")');
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
