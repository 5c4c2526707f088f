// SQL the env.py of Alembic's async template runs on its connection before configure: in the
// `async with connectable.connect() as connection:` block (`await connection.execute(text(...))`,
// `await connection.commit()`, then `await connection.run_sync(do_run_migrations)`), or at the
// start of `do_run_migrations(connection)` before `context.configure(connection=connection)`.
// The real Alembic (through asyncpg) then puts the tables and alembic_version where a `SET
// search_path` says; Lens refused every such env.py (the statements were not "at the start of a
// with block that configures after it"). It now follows both shapes as it follows the sync ones,
// and refuses, touching nothing, where Alembic commits nothing (no commit before configure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { alembicPython, dump, freshDatabase, lens, psql, requireAlembic } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';
import { alembicInitProject } from '../support/alembicInit';

const MIGRATION = `${migrationHeader('c1', undefined)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.BigInteger(), primary_key=True))


def downgrade():
    op.drop_table("items")
`;

const IN_BLOCK = '    async with connectable.connect() as connection:\n        await connection.run_sync(do_run_migrations)\n';
const IN_FUNCTION = 'def do_run_migrations(connection: Connection) -> None:\n    context.configure(';

/** `alembic init -t async` with `edit` applied to its env.py (checked to change it), pointed at `url` through asyncpg. */
function asyncProject(url: string, edit: (envPy: string) => string): string {
  const dir = alembicInitProject(alembicPython, 'async', 'online-async-env-sql-');
  const envFile = path.join(dir, 'migrations', 'env.py');
  const original = fs.readFileSync(envFile, 'utf8');
  const edited = edit(original.replace('from sqlalchemy import pool\n', 'from sqlalchemy import pool, text\n'));
  assert.ok(edited.includes('import pool, text') && edited !== original.replace('from sqlalchemy import pool\n', 'from sqlalchemy import pool, text\n'), 'the template changed: the edit no longer applies');
  fs.writeFileSync(envFile, edited);
  const ini = path.join(dir, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${url.replace(/^postgresql:/, 'postgresql+asyncpg:')}`));
  fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'c1_items.py'), MIGRATION);
  return ini;
}

function alembicRun(ini: string, args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(alembicPython, ['-m', 'alembic', '-c', ini, ...args], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { status: result.status, stderr: result.stderr };
}

function tables(url: string): string[] {
  return psql(url, "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").split('\n').filter(Boolean);
}

const inBlock = (lines: string) => (env: string) => env.replace(IN_BLOCK, `    async with connectable.connect() as connection:\n${lines}        await connection.run_sync(do_run_migrations)\n`);
const inFunction = (lines: string) => (env: string) => env.replace(IN_FUNCTION, `def do_run_migrations(connection: Connection) -> None:\n${lines}    context.configure(`);

for (const followed of [
  {
    name: 'awaited in the connect() block, committed, before run_sync()',
    edit: inBlock('        await connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        await connection.execute(text("SET search_path TO app"))\n        await connection.commit()\n'),
  },
  {
    name: 'at the start of do_run_migrations(), committed, before configure',
    edit: inFunction('    """Runs on the sync side of the connection."""\n    connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n    connection.exec_driver_sql("SET search_path TO app")\n    connection.commit()\n'),
  },
]) {
  test(`async template, SQL on the connection ${followed.name}: run first, as Alembic runs it (tables in app)`, async () => {
    requireAlembic();
    const byAlembic = freshDatabase();
    const run = alembicRun(asyncProject(byAlembic, followed.edit), ['upgrade', 'head']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(tables(byAlembic), ['app.alembic_version', 'app.items']);
    const byLens = freshDatabase();
    const lensIni = asyncProject(byLens, followed.edit);
    const ours = await lens(lensIni, byLens, ['upgrade', 'head']);
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
    const current = await lens(lensIni, byLens, ['current']);
    assert.equal(current.status, 0, current.stderr);
    assert.match(current.stdout, /^c1 \(head\)$/m);
  });
}

for (const refused of [
  {
    name: 'in the connect() block without a commit',
    edit: inBlock('        await connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        await connection.execute(text("SET search_path TO app"))\n'),
    reason: /no connection\.commit\(\) follows it before context\.configure\(\)/,
  },
  {
    name: 'in do_run_migrations() without a commit',
    edit: inFunction('    connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n    connection.execute(text("SET search_path TO app"))\n'),
    reason: /no connection\.commit\(\) follows it before context\.configure\(\)/,
  },
  {
    name: 'in the block after run_sync()',
    edit: (env: string) => env.replace(IN_BLOCK, `${IN_BLOCK}        await connection.execute(text("SET search_path TO app"))\n`),
    reason: /is not among the statements at the start of the `with \.\.\. as connection:` block, before context\.configure\(\)/,
  },
]) {
  test(`async template, SQL on the connection ${refused.name}: refused before connecting, the database untouched`, async () => {
    requireAlembic();
    const byAlembic = freshDatabase();
    alembicRun(asyncProject(byAlembic, refused.edit), ['upgrade', 'head']);
    // What Alembic does there is not what Lens would do: without the commit it commits nothing at all.
    if (!refused.name.includes('after')) assert.deepEqual(tables(byAlembic), []);
    const byLens = freshDatabase();
    const ours = await lens(asyncProject(byLens, refused.edit), byLens, ['upgrade', 'head']);
    assert.equal(ours.status, 1, ours.stdout);
    assert.match(ours.stderr, refused.reason);
    assert.match(ours.stderr, /online-version-table-unknown/);
    assert.deepEqual(tables(byLens), []);
  });
}
