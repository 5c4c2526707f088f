/**
 * Alembic's own multidb template (`alembic init -t multidb`, made here by the real Alembic 1.20):
 * env.py loops over the ini's `databases` and calls `run_migrations(engine_name=name)` for each,
 * with `target_metadata.get(name)`, and each migration dispatches through
 * `globals()["upgrade_%s" % engine_name]()`. fedspending's data-act-broker (353 revisions, held-out
 * sweep BA) is such a project with one database, and Lens understood none of its migrations.
 * Under --sql the template's env.py writes each database's script to `<name>.sql` in the directory
 * the command runs in and prints nothing; Lens printed it on standard output, and now writes the
 * same files. With several databases each migration runs once per database, which one environment
 * of the engine does not model: refused, naming them, unless the migrations never read the name
 * (then every file holds the same script). A migration whose upgrade() takes no engine_name
 * parameter makes Alembic raise TypeError (env.py passes it): Lens printed its SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ALEMBIC_PYTHON, isolateCache, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { runCli } from '../../server/src/cli/run';

requireAlembic();
isolateCache();

const MIGRATION = `"""orders

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()


def upgrade_engine1() -> None:
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("ref", sa.Text))
    op.create_index("ix_orders_ref", "orders", ["ref"])


def downgrade_engine1() -> None:
    op.drop_table("orders")


def upgrade_engine2() -> None:
    op.execute("SELECT 'engine2'")


def downgrade_engine2() -> None:
    pass
`;

function multidbProject(databases: string, migration = MIGRATION): string {
  const dir = temporaryFolder('multidb-template-');
  const init = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', 'init', '-t', 'multidb', 'migrations'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(init.status, 0, init.stderr);
  const ini = path.join(dir, 'alembic.ini');
  const text = fs.readFileSync(ini, 'utf8')
    .replace(/^databases = .*$/m, `databases = ${databases}`)
    .replace(/^sqlalchemy\.url = driver:\/\/user:pass@localhost\/dbname$/m, 'sqlalchemy.url = postgresql://localhost/one')
    .replace(/^sqlalchemy\.url = driver:\/\/user:pass@localhost\/dbname2$/m, 'sqlalchemy.url = postgresql://localhost/two');
  assert.match(text, /^databases = /m);
  fs.writeFileSync(ini, text);
  fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'a1_orders.py'), migration);
  return dir;
}

/** Runs `args` with each tool in `dir`: both succeed, print nothing, and write the same `files` there. */
async function assertSameFiles(dir: string, args: string[], files: string[]): Promise<void> {
  const alembic = runAlembic(dir, args);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.equal(alembic.stdout, '');
  const written = files.map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const file of files) fs.rmSync(path.join(dir, file));
  const lens = await runLens(dir, args);
  assert.equal(lens.code, 0, lens.stderr);
  assert.equal(lens.stdout, '', args.join(' '));
  files.forEach((file, index) => assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), written[index], `${file}: ${args.join(' ')}`));
}

test("one database: Lens writes the script to the database's file as Alembic does, up and down", async () => {
  const dir = multidbProject('engine1');
  for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'head:base', '--sql']]) await assertSameFiles(dir, args, ['engine1.sql']);
  assert.match(fs.readFileSync(path.join(dir, 'engine1.sql'), 'utf8'), /DROP TABLE orders/);
  const check = await runLens(dir, ['check', '--format', 'json']);
  const codes = (JSON.parse(check.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code);
  assert.ok(!codes.includes('opaque-step'), codes.join(', '));
});

test('several databases: refused, naming them, where Alembic writes one script per database', async () => {
  const dir = multidbProject('engine1, engine2');
  assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0);
  assert.match(fs.readFileSync(path.join(dir, 'engine2.sql'), 'utf8'), /SELECT 'engine2'/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1);
  assert.match(lens.stderr, /env\.py runs every migration once per database of the ini's databases option \(engine1, engine2\)/);
});

test('the file is written in the directory the command runs in, not beside alembic.ini', async () => {
  const dir = multidbProject('engine1');
  const elsewhere = temporaryFolder('multidb-cwd-');
  const ini = path.join(dir, 'alembic.ini');
  const alembic = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', '-c', ini, 'upgrade', 'head', '--sql'], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(alembic.status, 0, alembic.stderr);
  const written = fs.readFileSync(path.join(elsewhere, 'engine1.sql'), 'utf8');
  fs.rmSync(path.join(elsewhere, 'engine1.sql'));
  let stdout = '';
  const code = await runCli(['-c', ini, 'upgrade', 'head', '--sql'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: elsewhere, env: process.env });
  assert.equal(code, 0);
  assert.equal(stdout, '');
  assert.equal(fs.readFileSync(path.join(elsewhere, 'engine1.sql'), 'utf8'), written);
  assert.ok(!fs.existsSync(path.join(dir, 'engine1.sql')));
});

test('several databases, migrations that never read the name: the same script in each file', async () => {
  const dir = multidbProject('engine1, engine2', MIGRATION.replace('    globals()["upgrade_%s" % engine_name]()', '    op.execute("SELECT 1")'));
  await assertSameFiles(dir, ['upgrade', 'head', '--sql'], ['engine1.sql', 'engine2.sql']);
});

test('upgrade() without the engine_name env.py passes: Alembic raises TypeError, and so does Lens', async () => {
  const dir = multidbProject('engine1', MIGRATION.replace('def upgrade(engine_name: str) -> None:', 'def upgrade() -> None:'));
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /TypeError: upgrade\(\) got an unexpected keyword argument 'engine_name'/);
  for (const args of [['upgrade', 'head', '--sql'], ['upgrade', 'head', '--sql', '--allow-opaque']]) {
    const lens = await runLens(dir, args);
    assert.equal(lens.code, 1, lens.stdout);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, /a1_orders\.py:\d+: upgrade\(\) of a1: TypeError: upgrade\(\) got an unexpected keyword argument 'engine_name'/);
  }
  // downgrade() still takes it: that direction prints.
  await assertSameFiles(dir, ['downgrade', 'a1:base', '--sql'], ['engine1.sql']);
});

test("what a migration prints goes to standard output, once per database's run, and not into the files", async () => {
  const printing = MIGRATION.replace('    globals()["upgrade_%s" % engine_name]()', '    print("upgrading", end="!\\n")\n    op.execute("SELECT 1")');
  const dir = multidbProject('engine1, engine2', printing);
  const args = ['upgrade', 'head', '--sql'];
  const alembic = runAlembic(dir, args);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.equal(alembic.stdout, 'upgrading!\nupgrading!\n');
  const written = ['engine1.sql', 'engine2.sql'].map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
  assert.doesNotMatch(written[0], /upgrading/);
  for (const file of ['engine1.sql', 'engine2.sql']) fs.rmSync(path.join(dir, file));
  const lens = await runLens(dir, args);
  assert.equal(lens.code, 0, lens.stderr);
  assert.equal(lens.stdout, alembic.stdout);
  assert.deepEqual(['engine1.sql', 'engine2.sql'].map((file) => fs.readFileSync(path.join(dir, file), 'utf8')), written);
});
