/**
 * `sa.func.substring(...)` in any case and under any package: SQLAlchemy's PostgreSQL compiler
 * prints it in the SQL standard's form, `SUBSTRING(s FROM 1 FOR 3)` (two arguments: `SUBSTRING(s
 * FROM 2)`; a fourth is dropped), wherever the expression stands (an index element, a CHECK, an
 * UPDATE's SET and WHERE). Lens printed the call as written (`substring(s, 1, 3)`; sweep BR).
 * Without a start position the compiler raises IndexError: both tools fail. Compared with the
 * real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\n');

test('substring() prints as SUBSTRING(s FROM start FOR length) everywhere', async () => {
  const dir = offlineProject('substring-', {
    'migrations/versions/a1_substring.py': `${header}
t = sa.table("t", sa.column("s", sa.String), sa.column("n", sa.Integer))


def upgrade():
    op.create_index("ix_s", "t", [sa.func.substring(sa.column("s"), 1, 3)])
    op.create_check_constraint("ck_s", "t", sa.func.SUBSTRING(sa.column("s"), 2) == "ab")
    op.execute(t.update().where(sa.func.Substring(t.c.s, 1, 3) == "x").values(s=sa.func.substring(t.c.s, t.c.n, 3, 4)))
    op.create_check_constraint("ck_p", "t", sa.func.myschema.substring(sa.column("s"), 1, 2, 3) == "ab")
    op.execute(t.delete().where(sa.func.lower(sa.func.substring(t.c.s, t.c.n + 1)) == "y"))


def downgrade():
    op.drop_index("ix_s", "t")
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CREATE INDEX ix_s ON t \(SUBSTRING\(s FROM 1 FOR 3\)\)/);
});

for (const call of ['sa.func.substring(sa.column("s"))', 'sa.func.SUBSTRING()']) {
  test(`${call} fails both tools`, async () => {
    const dir = offlineProject('substring-fail-', {
      'migrations/versions/a1_substring.py': `${header}
def upgrade():
    op.create_check_constraint("ck_s", "t", ${call} == "ab")


def downgrade():
    pass
`,
    });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, /IndexError/);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, /substring\(\) with (no|one) argument.*IndexError/);
  });
}
