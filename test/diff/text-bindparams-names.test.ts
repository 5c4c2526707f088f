/**
 * `sa.text(...).bindparams(name=value)` only gives values to the parameters text() found in its
 * string, read with SQLAlchemy's own pattern (`:name`, but not `:a::int`, `\:a` nor `a:b`); a
 * name it did not find makes SQLAlchemy raise ArgumentError, so Alembic prints nothing. Lens
 * printed the SQL with the extra value ignored. Names are Unicode words as Python's `\w` reads
 * them (`:näme`). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const migration = (body: string): string => `${migrationHeader('a1', undefined)}
def upgrade():
${body}


def downgrade():
    pass
`;

test('bindparams() of the parameters the text defines prints their values', async () => {
  const dir = offlineProject('text-bindparams-', {
    'migrations/versions/a1_text.py': migration(
      [
        `    op.execute(sa.text("SELECT :a, :näme, 'x\\\\:y'").bindparams(a=1, näme="n"))`,
        '    op.execute(sa.text("SELECT :a, (:b)::int").bindparams(a=1).bindparams(b=2))',
      ].join('\n'),
    ),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /SELECT 1, 'n', 'x:y';/);
});

for (const [name, call, missing] of [
  ['a parameter of a text with none', 'sa.text("SELECT 1").bindparams(x=1)', 'x'],
  ['a name followed by a :: cast', 'sa.text("SELECT :a::int").bindparams(a=1)', 'a'],
  ['one name too many', 'sa.text("SELECT :a").bindparams(a=1, b=2)', 'b'],
  ['an escaped colon', 'sa.text("SELECT \'\\\\:a\'").bindparams(a=1)', 'a'],
  ['a second call with a new name', 'sa.text("SELECT :a").bindparams(a=1).bindparams(c=3)', 'c'],
] as const) {
  test(`bindparams() naming ${name} fails both tools`, async () => {
    const dir = offlineProject('text-bindparams-fail-', { 'migrations/versions/a1_text.py': migration(`    op.execute(${call})`) });
    const message = new RegExp(`This text\\(\\) construct doesn't define a bound parameter named '${missing}'`);
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, message);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, message);
  });
}
