/**
 * env.py's offline `context.configure(output_buffer=...)`: Alembic writes the `--sql` script to
 * that stream instead of standard output. Lens ignored the keyword and printed the script. A file
 * opened for writing around the call is now written as Alembic writes it (relative to the
 * directory the command runs in), standard output is printed to as before, and any other buffer
 * (a file opened for appending, a StringIO env.py does something else with) is refused with the
 * line, where Alembic prints nothing. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const MIGRATION = `${migrationHeader('a1', undefined)}
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t")
`;

function envPy(prelude: string, buffer: string, indent = ''): string {
  return [
    'import io',
    'import sys',
    'from alembic import context',
    '',
    prelude,
    `${indent}context.configure(url="postgresql://u@h/d", literal_binds=True, output_buffer=${buffer})`,
    `${indent}with context.begin_transaction():`,
    `${indent}    context.run_migrations()`,
    '',
  ].join('\n');
}

function project(env: string): string {
  return offlineProject('env-output-buffer-', { 'migrations/versions/a1_t.py': MIGRATION }, '', env);
}

test('a file opened for writing around configure(): Lens writes the same file and prints nothing', async () => {
  const dir = project(envPy('name = "schema"\nwith open(name + ".sql", "w") as out:', 'out', '    '));
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.equal(alembic.stdout, '');
  const written = fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8');
  assert.match(written, /CREATE TABLE t/);
  fs.rmSync(path.join(dir, 'schema.sql'));
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 0, lens.stderr);
  assert.equal(lens.stdout, '');
  assert.equal(fs.readFileSync(path.join(dir, 'schema.sql'), 'utf8'), written);
});

test('output_buffer=sys.stdout prints as before', async () => {
  await assertSameAsAlembic(project(envPy('', 'sys.stdout')), ['upgrade', 'head', '--sql']);
});

for (const [name, prelude, buffer, indent] of [
  ['a StringIO', 'buffer = io.StringIO()', 'buffer', ''],
  ['a file opened for appending', 'with open("out.sql", "a") as out:', 'out', '    '],
  ['a file opened outside the call\'s with', 'out = open("out.sql", "w")', 'out', ''],
] as const) {
  test(`${name} as output_buffer: Alembic prints nothing, Lens refuses with the line`, async () => {
    const dir = project(envPy(prelude, buffer, indent));
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(alembic.code, 0, alembic.stderr);
    assert.equal(alembic.stdout, '');
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stdout);
    assert.equal(lens.stdout, '');
    assert.ok(lens.stderr.includes(`output_buffer=${buffer}, so Alembic writes the --sql script there and not to standard output, which the engine does not follow (line 6)`), lens.stderr);
  });
}
