/**
 * A keyword given twice to a call, once through `**dict` (`op.add_column(..., schema=None,
 * **{"schema": "s"})`): written twice it is a SyntaxError, and through a dict Python's call raises
 * TypeError ("got multiple values for keyword argument") before the callee runs, whatever it
 * takes. Lens let the dict's value win and printed the statement. A dict that alone holds the
 * keyword, even written with a key twice (the last wins), is a plain call. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function project(statements: string[], helpers: string[] = []): string {
  return offlineProject('repeated-keyword-', { 'migrations/versions/a1_kw.py': baseRevision({ helpers, upgrade: statements }) });
}

for (const [name, statements, helpers, keyword] of [
  ['an op call', ['op.add_column("t", sa.Column("x", sa.Integer), schema=None, **{"schema": "s"})'], [], 'schema'],
  ['a construct, the dict first', ['op.add_column("t", sa.Column("x", sa.Integer, **{"nullable": True}, nullable=False))'], [], 'nullable'],
  ['a helper taking **kwargs', ['add(**{"name": "x"}, **{"name": "y"})'], ['def add(**kwargs):', '    op.add_column("t", sa.Column(kwargs["name"], sa.Integer))'], 'name'],
] as const) {
  test(`${name}: TypeError in both tools`, async () => {
    const dir = project([...statements, 'op.create_table("after", sa.Column("id", sa.Integer))'], [...helpers]);
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.ok(alembic.stderr.includes(`got multiple values for keyword argument '${keyword}'`), alembic.stderr);
    for (const args of [['upgrade', 'head', '--sql'], ['upgrade', 'head', '--sql', '--allow-opaque']]) {
      const lens = await runLens(dir, args);
      assert.equal(lens.code, 1, lens.stdout);
      assert.equal(lens.stdout, '');
      assert.ok(lens.stderr.includes(`got multiple values for keyword argument '${keyword}'`), lens.stderr);
    }
  });
}

test('a keyword given once, through a dict that repeats its key, prints as Alembic prints it', async () => {
  const dir = project(['op.add_column("t", sa.Column("x", sa.Integer), **{"schema": "a", "schema": "s"})', 'op.add_column("t", sa.Column("y", sa.Integer, **{"nullable": False}), schema="s")']);
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /ALTER TABLE s\.t ADD COLUMN x INTEGER/);
});
