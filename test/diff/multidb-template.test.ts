/**
 * Alembic's own multidb template (`alembic init -t multidb`, made here by the real Alembic 1.20):
 * env.py loops over the ini's `databases` and calls `run_migrations(engine_name=name)` for each,
 * with `target_metadata.get(name)`, and each migration dispatches through
 * `globals()["upgrade_%s" % engine_name]()`. fedspending's data-act-broker (353 revisions, held-out
 * sweep BA) is such a project with one database, and Lens understood none of its migrations. With
 * one database listed, Lens prints what Alembic writes into `<name>.sql` (the template writes each
 * database's script to a file); with several, each migration runs once per database on its own
 * connection, which one environment of the engine does not model: refused, naming them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ALEMBIC_PYTHON, isolateCache, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

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

function multidbProject(databases: string): string {
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
  fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'a1_orders.py'), MIGRATION);
  return dir;
}

test("one database: Lens prints the script Alembic writes to the database's file, up and down", async () => {
  const dir = multidbProject('engine1');
  for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'head:base', '--sql']]) {
    const alembic = runAlembic(dir, args);
    assert.equal(alembic.code, 0, alembic.stderr);
    const written = fs.readFileSync(path.join(dir, 'engine1.sql'), 'utf8');
    const lens = await runLens(dir, args);
    assert.equal(lens.code, 0, lens.stderr);
    assert.equal(lens.stdout, written, args.join(' '));
  }
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
