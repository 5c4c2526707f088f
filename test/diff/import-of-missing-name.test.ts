/**
 * A migration that imports a name its project module no longer defines (held-out sweep AZ:
 * kekoa-santana/mlb_pitching_ETL's initial migration imports a constant renamed since): Python
 * raises ImportError when Alembic loads the file, so every command fails, `heads` included. Lens
 * read the history as fine (`check` without an error, the import's name left unknown). Now
 * `check` reports raises-at-import at the import and `upgrade --sql` fails as Alembic does. Where
 * the module does define the name (or a submodule bears it), both tools print the same SQL; an
 * import guarded by `try` is not called a failure. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const INI = 'prepend_sys_path = .\n';

function project(imports: string): string {
  const dir = offlineProject('import-of-missing-name-', {
    'migrations/versions/a1_specs.py': `${migrationHeader('a1', undefined, `from alembic import op\nimport sqlalchemy as sa\n${imports}`)}
def upgrade():
    op.create_table(SPEC_TABLE, sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table(SPEC_TABLE)
`,
  }, INI);
  writeFile(path.join(dir, 'schema', '__init__.py'), '');
  writeFile(path.join(dir, 'schema', 'raw', '__init__.py'), '');
  writeFile(path.join(dir, 'schema', 'raw', 'boxscores.py'), 'RAW_SPEC_TABLE = "boxscores"\n\n\ndef helper():\n    return 1\n');
  writeFile(path.join(dir, 'schema', 'raw', 'pitches', '__init__.py'), 'SPEC_TABLE = "pitches"\n');
  return dir;
}

async function codesOf(dir: string): Promise<{ code: string; line: number; message: string }[]> {
  const result = await runLens(dir, ['check', '--format', 'json']);
  return (JSON.parse(result.stdout) as { problems: { code: string; line: number; message: string }[] }).problems;
}

test('an imported name the project module does not define fails every command, in Alembic and in Lens', async () => {
  const dir = project('from schema.raw.boxscores import SPEC_TABLE\n');
  for (const args of [['heads'], ['upgrade', 'head', '--sql']]) {
    const alembic = runAlembic(dir, args);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, /ImportError: cannot import name 'SPEC_TABLE' from 'schema\.raw\.boxscores'/);
  }
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1, lens.stderr);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, /ImportError: cannot import name 'SPEC_TABLE' from 'schema\.raw\.boxscores'/);
  const problems = await codesOf(dir);
  const found = problems.filter((problem) => problem.code === 'raises-at-import');
  assert.equal(found.length, 1, JSON.stringify(problems));
  assert.equal(found[0].line, 8);
  assert.match(found[0].message, /schema\/raw\/boxscores\.py \(the module this import finds\) defines no SPEC_TABLE/);
});

for (const [name, imports] of [
  ['the module defines it', 'from schema.raw.boxscores import RAW_SPEC_TABLE as SPEC_TABLE\n'],
  ['a package re-exports nothing but a submodule bears it', 'from schema.raw import pitches\nSPEC_TABLE = pitches.SPEC_TABLE\n'],
] as const) {
  test(`no failure where ${name}: the same SQL as Alembic`, async () => {
    const dir = project(imports);
    await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.deepEqual((await codesOf(dir)).filter((problem) => problem.code === 'raises-at-import'), []);
  });
}

test('an import guarded by try is not called a failure (the handler runs instead)', async () => {
  const dir = project('try:\n    from schema.raw.boxscores import SPEC_TABLE\nexcept ImportError:\n    SPEC_TABLE = "fallback"\n');
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /CREATE TABLE fallback/);
  assert.deepEqual((await codesOf(dir)).filter((problem) => problem.code === 'raises-at-import'), []);
});
