// SQL env.py runs on its connection before context.configure(connection=...) (a very common
// env.py: `connection.execute(text("SET search_path TO app"))`, then `connection.commit()`).
// The real Alembic 1.20 / SQLAlchemy 2.1 then puts the tables and alembic_version in `app`; Lens's
// online engine, which never runs env.py, put both in `public` (exit 0). It now runs the statements
// in the one shape whose effect it reproduces (committed before configure under connect()), and
// refuses the others without touching the database: without the commit SQLAlchemy's autobegun
// transaction swallows Alembic's and nothing is committed; under begin() the statements share the
// migrations' transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { alembic, alembicPython, dump, freshDatabase, lens, projectWithVersions, psql, psycopg2Url, requireAlembic } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const VERSIONS = {
  'c1_items.py': `${migrationHeader('c1', undefined)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.BigInteger(), primary_key=True))


def downgrade():
    op.drop_table("items")
`,
};

/** The fixture's env.py with `opening` (the with line) and `before` (the statements before configure, indented 8). */
function envPy(opening: string, before: string): string {
  return `import os

from alembic import context
from sqlalchemy import engine_from_config, pool, text

SCHEMA = "app"
config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])


def run_migrations_online() -> None:
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    ${opening}
${before}        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
`;
}

function project(prefix: string, env: string): string {
  const ini = projectWithVersions(prefix, VERSIONS);
  fs.writeFileSync(path.join(path.dirname(ini), 'env.py'), env);
  return ini;
}

/** schema.table of every table outside the catalogs. */
function tables(url: string): string[] {
  return psql(url, "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").split('\n').filter(Boolean);
}

function schemas(url: string): string[] {
  return psql(url, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1").split('\n').filter(Boolean);
}

for (const followed of [
  {
    name: 'committed with connection.commit() under connect()',
    opening: 'with connectable.connect() as connection:',
    before: '        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        connection.exec_driver_sql(f"SET search_path TO {SCHEMA}")\n        connection.commit()\n',
    currentFailsAt: undefined,
  },
  {
    name: "committed by a with connection.begin(): block under connect()",
    opening: 'with connectable.connect() as connection:',
    before: '        with connection.begin():\n            connection.execute(text("CREATE SCHEMA app"))\n            connection.execute(text("SET search_path TO app"))\n',
    currentFailsAt: 15,
  },
]) {
  test(`statements on the connection before configure ${followed.name} run first, as Alembic runs them: tables and alembic_version in app`, async () => {
    requireAlembic();
    const ini = project('env-connection-sql-', envPy(followed.opening, followed.before));
    const byAlembic = freshDatabase();
    const run = alembic(ini, byAlembic, ['upgrade', 'head']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(tables(byAlembic), ['app.alembic_version', 'app.items']);
    const byLens = freshDatabase();
    const lensRun = await lens(ini, byLens, ['upgrade', 'head']);
    assert.equal(lensRun.status, 0, lensRun.stderr);
    assert.deepEqual(tables(byLens), tables(byAlembic));
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
    // The next run: env.py's statements run again. CREATE SCHEMA app (without IF NOT EXISTS) now
    // fails in Alembic, and in Lens, naming the line; otherwise the version table is read where
    // env.py's search_path puts it.
    const byAlembicAgain = alembic(ini, byAlembic, ['current']);
    const again = await lens(ini, byLens, ['current']);
    if (followed.currentFailsAt === undefined) {
      assert.equal(byAlembicAgain.status, 0, byAlembicAgain.stderr);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /c1 \(head\)/);
    } else {
      assert.match(byAlembicAgain.stderr, /schema "app" already exists/);
      assert.notEqual(again.status, 0);
      assert.match(again.stderr, new RegExp(`env\\.py:${followed.currentFailsAt}: env\\.py's \`CREATE SCHEMA app\` failed: schema "app" already exists; nothing was run`));
    }
  });
}

test('SET on the connection under begin() (the migrations\' one transaction) runs first, as Alembic runs it', async () => {
  requireAlembic();
  const ini = project('env-connection-sql-begin-', envPy('with connectable.begin() as connection:', '        connection.execute(text("SET search_path TO app"))\n'));
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  for (const url of [byAlembic, byLens]) psql(url, 'CREATE SCHEMA app');
  const run = alembic(ini, byAlembic, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(tables(byAlembic), ['app.alembic_version', 'app.items']);
  const lensRun = await lens(ini, byLens, ['upgrade', 'head']);
  assert.equal(lensRun.status, 0, lensRun.stderr);
  assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
});

for (const refused of [
  {
    name: 'without connection.commit() (Alembic commits nothing)',
    opening: 'with connectable.connect() as connection:',
    before: '        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        connection.execute(text("SET search_path TO app"))\n',
    alembicTables: [] as string[],
    reason: /line 14\) in a way the engine does not follow: no connection\.commit\(\) follows it/,
  },
  {
    name: 'under begin() (one transaction with the migrations)',
    opening: 'with connectable.begin() as connection:',
    before: '        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        connection.execute(text("SET search_path TO app"))\n',
    alembicTables: ['app.alembic_version', 'app.items'],
    reason: /line 14\) in a way the engine does not follow: `CREATE SCHEMA IF NOT EXISTS app` runs in the migrations' own transaction under `with \.\.\.\.begin\(\) as connection:`/,
  },
  {
    name: 'with SQL not known statically',
    opening: 'with connectable.connect() as connection:',
    before: '        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        connection.execute(text(os.environ["SEARCH_PATH_SQL"]))\n        connection.commit()\n',
    alembicTables: ['app.alembic_version', 'app.items'],
    reason: /line 15\) in a way the engine does not follow: its SQL \(os\.environ\["SEARCH_PATH_SQL"\]\) is not known statically/,
  },
]) {
  test(`SQL on env.py's connection ${refused.name} is refused, and the database is left untouched`, async () => {
    requireAlembic();
    process.env.SEARCH_PATH_SQL = 'SET search_path TO app';
    const ini = project('env-connection-sql-refused-', envPy(refused.opening, refused.before));
    const byAlembic = freshDatabase();
    const run = alembic(ini, byAlembic, ['upgrade', 'head']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(tables(byAlembic), refused.alembicTables);
    const byLens = freshDatabase();
    const lensRun = await lens(ini, byLens, ['upgrade', 'head']);
    assert.equal(lensRun.status, 1, lensRun.stderr);
    assert.match(lensRun.stderr, /env\.py runs SQL on its connection before the migrations \(/);
    assert.match(lensRun.stderr, refused.reason);
    assert.deepEqual(tables(byLens), []);
    assert.deepEqual(schemas(byLens), ['public']);
  });
}

test("--dry-run refuses env.py's committed CREATE on its connection (a dry run would leave it behind), and runs a SET-only env.py", async () => {
  const creates = project('env-connection-sql-dry-', envPy('with connectable.connect() as connection:', '        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n        connection.commit()\n'));
  const byLens = freshDatabase();
  const refused = await lens(creates, byLens, ['upgrade', 'head', '--dry-run']);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /env\.py commits `CREATE SCHEMA IF NOT EXISTS app` on its connection before the migrations \(line 14\), which a dry run would not undo; nothing was run/);
  assert.deepEqual(schemas(byLens), ['public']);
  const sets = project('env-connection-sql-dry-set-', envPy('with connectable.connect() as connection:', '        connection.execute(text("SET search_path TO app"))\n        connection.commit()\n'));
  psql(byLens, 'CREATE SCHEMA app');
  const dry = await lens(sets, byLens, ['upgrade', 'head', '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.deepEqual(tables(byLens), []);
});

test("a run handed to Alembic (--python) leaves env.py's statements to Alembic's own env.py: CREATE SCHEMA app is not run twice", async () => {
  requireAlembic();
  const ini = project('env-connection-sql-python-', envPy('with connectable.connect() as connection:', '        connection.execute(text("CREATE SCHEMA app"))\n        connection.execute(text("SET search_path TO app"))\n        connection.commit()\n'));
  // A step the engine does not run itself: rows read back through the connection.
  fs.writeFileSync(path.join(path.dirname(ini), 'versions', 'c2_seed.py'), `${migrationHeader('c2', 'c1')}
def upgrade():
    connection = op.get_bind()
    for (n,) in connection.execute(sa.text("SELECT 7")):
        connection.execute(sa.text("INSERT INTO items (id) VALUES (:n)"), {"n": n})


def downgrade():
    op.execute("DELETE FROM items")
`);
  const byAlembic = freshDatabase();
  const run = alembic(ini, byAlembic, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  const byLens = psycopg2Url(freshDatabase());
  const handed = await lens(ini, byLens, ['upgrade', 'head', '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(handed.status, 0, handed.stderr);
  assert.match(handed.stderr, /handing the run to Alembic/);
  assert.equal(dump(byLens.replace(/^postgresql\+psycopg2:/, 'postgresql:'), { sortRows: true }), dump(byAlembic, { sortRows: true }));
  assert.equal(psql(byLens.replace(/^postgresql\+psycopg2:/, 'postgresql:'), 'SELECT version_num FROM app.alembic_version').trim(), 'c2');
});
