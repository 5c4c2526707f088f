// Session settings env.py gives its engine through connect_args: libpq's `options`
// (`connect_args={"options": "-csearch_path=app"}`, psycopg2) and asyncpg's `server_settings`.
// PostgreSQL applies them when the connection starts, so the real Alembic puts the tables and
// alembic_version in `app`; Lens's online engine, which never runs env.py, connected without them
// and put both in `public`, exit 0. It now sets them on its session first
// (python/envPyConnectArgs.ts), and refuses, touching nothing, where they are not known statically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { alembic, alembicPython, dump, freshDatabase, lens, projectWithVersions, psql, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';
import { alembicInitProject } from '../support/alembicInit';

const VERSIONS = {
  'c1_items.py': `${migrationHeader('c1', undefined)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text))
    op.execute("INSERT INTO items (id, note) VALUES (1, current_setting('search_path'))")


def downgrade():
    op.drop_table("items")
`,
};

/** The fixture's env.py with `connectArgs` given to engine_from_config, `preamble` at module level. */
function envPy(connectArgs: string, preamble = ''): string {
  return `import os

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
${preamble}

def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
        connect_args=${connectArgs},
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
`;
}

function project(prefix: string, env: string, versions: Record<string, string> = VERSIONS): string {
  const ini = projectWithVersions(prefix, versions);
  fs.writeFileSync(path.join(path.dirname(ini), 'env.py'), env);
  return ini;
}

/** schema.table of every table outside the catalogs. */
function tables(url: string): string[] {
  return psql(url, "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").split('\n').filter(Boolean);
}

/** Two fresh databases, each with the schemas given. */
function databases(schemas: readonly string[]): { byAlembic: string; byLens: string } {
  const made = { byAlembic: freshDatabase(), byLens: freshDatabase() };
  for (const url of [made.byAlembic, made.byLens]) for (const schema of schemas) psql(url, `CREATE SCHEMA "${schema}"`);
  return made;
}

for (const followed of [
  { name: 'options "-csearch_path=app"', connectArgs: '{"options": "-csearch_path=app"}', preamble: '', tables: ['app.alembic_version', 'app.items'] },
  { name: 'options with two -c switches, a list value and lock_timeout', connectArgs: '{"options": "-c search_path=app,public -c lock_timeout=4s", "connect_timeout": 10}', preamble: '', tables: ['app.alembic_version', 'app.items'] },
  { name: 'options as --name=value with an escaped space in a quoted schema', connectArgs: '{"options": r"--search-path=\\"my\\ app\\""}', preamble: '', tables: ['my app.alembic_version', 'my app.items'] },
  { name: 'a module-level dict with an f-string of a constant', connectArgs: 'CONNECT_ARGS', preamble: 'SCHEMA = "app"\nCONNECT_ARGS = {"options": f"-csearch_path={SCHEMA}"}\n', tables: ['app.alembic_version', 'app.items'] },
  { name: 'dict(options=...)', connectArgs: 'dict(options="-csearch_path=app")', preamble: '', tables: ['app.alembic_version', 'app.items'] },
  { name: 'connect_args without session settings', connectArgs: '{"connect_timeout": 10, "application_name": "migrations"}', preamble: '', tables: ['public.alembic_version', 'public.items'] },
]) {
  test(`connect_args ${followed.name}: Lens migrates where Alembic does`, async () => {
    requireAlembic();
    const ini = project('env-connect-args-', envPy(followed.connectArgs, followed.preamble));
    const { byAlembic, byLens } = databases(['app', 'my app']);
    const run = alembic(ini, byAlembic, ['upgrade', 'head']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(tables(byAlembic), followed.tables);
    const ours = await lens(ini, byLens, ['upgrade', 'head']);
    assert.equal(ours.status, 0, ours.stderr);
    assert.deepEqual(tables(byLens), followed.tables);
    // The migration's row records the search_path it ran under: the same string on both sides.
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
    const current = await lens(ini, byLens, ['current']);
    assert.equal(current.status, 0, current.stderr);
    assert.match(current.stdout, /^c1 \(head\)$/m);
    const down = await lens(ini, byLens, ['downgrade', 'base']);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(alembic(ini, byAlembic, ['downgrade', 'base']).status, 0);
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
  });
}

for (const refused of [
  { name: 'options from the environment', connectArgs: '{"options": os.environ["MIGRATION_PG_OPTIONS"]}', preamble: '', reason: /connect_args\["options"\] \(os\.environ\["MIGRATION_PG_OPTIONS"\]\) is not known statically/ },
  { name: 'a dict built by a function', connectArgs: 'connect_args()', preamble: 'def connect_args():\n    args = {}\n    args["options"] = "-csearch_path=app"\n    return args\n', reason: /connect_args=connect_args\(\) is not a dict the engine can read, and env\.py names options or server_settings/ },
  { name: 'a switch other than -c', connectArgs: '{"options": "-e -csearch_path=app"}', preamble: '', reason: /has the switch -e, which the engine does not follow/ },
]) {
  test(`connect_args ${refused.name}: refused before connecting, the database untouched`, async () => {
    const env = envPy(refused.connectArgs, refused.preamble);
    const ini = project('env-connect-args-refused-', env);
    const line = env.split('\n').findIndex((text) => text.includes('connect_args=')) + 1;
    const byLens = freshDatabase();
    const ours = await lens(ini, byLens, ['upgrade', 'head'], { MIGRATION_PG_OPTIONS: '-csearch_path=app' });
    assert.equal(ours.status, 1, ours.stdout);
    assert.match(ours.stderr, refused.reason);
    assert.match(ours.stderr, new RegExp(`line ${line}\\)`));
    assert.match(ours.stderr, /online-version-table-unknown/);
    assert.deepEqual(tables(byLens), []);
  });
}

test("asyncpg's server_settings in Alembic's async template: Lens migrates where Alembic does through asyncpg", async () => {
  requireAlembic();
  const { byAlembic, byLens } = databases(['app']);
  const iniFor = (url: string): string => {
    const dir = alembicInitProject(alembicPython, 'async', 'env-server-settings-');
    const env = path.join(dir, 'migrations', 'env.py');
    const text = fs.readFileSync(env, 'utf8');
    const edited = text.replace('poolclass=pool.NullPool,\n', 'poolclass=pool.NullPool,\n        connect_args={"server_settings": {"search_path": "app", "lock_timeout": "4s"}},\n');
    assert.notEqual(edited, text);
    fs.writeFileSync(env, edited);
    const ini = path.join(dir, 'alembic.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${url.replace(/^postgresql:/, 'postgresql+asyncpg:')}`));
    fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'c1_items.py'), VERSIONS['c1_items.py']);
    return ini;
  };
  const alembicIni = iniFor(byAlembic);
  const run = spawnSync(alembicPython, ['-m', 'alembic', '-c', alembicIni, 'upgrade', 'head'], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(tables(byAlembic), ['app.alembic_version', 'app.items']);
  const ours = await lens(iniFor(byLens), byLens, ['upgrade', 'head']);
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
  assert.deepEqual(psql(byLens, 'SET search_path TO app; SELECT version_num FROM alembic_version').trim(), 'c1');
  assert.deepEqual(rows(byLens, 'app.alembic_version'), ['c1']);
});

// schema_translate_map among env.py's execution options: SQLAlchemy renders the migrations' tables
// and Alembic's version table in the mapped schema (Alembic puts them in `app`); the engine does not
// follow it, and ran the history into `public`, exit 0. Refused now, online only (`--sql` has no connection).
for (const translated of [
  { name: "on the connection (connection.execution_options(...))", edit: (env: string) => env.replace('    with connectable.connect() as connection:\n', '    with connectable.connect() as connection:\n        connection = connection.execution_options(schema_translate_map={None: "app"})\n') },
  { name: 'on the engine (engine_from_config(execution_options=...))', edit: (env: string) => env.replace('        connect_args={},\n', '        execution_options={"schema_translate_map": {None: "app"}},\n') },
]) {
  test(`schema_translate_map ${translated.name}: refused before connecting, where Alembic puts the tables in app`, async () => {
    requireAlembic();
    const env = translated.edit(envPy('{}'));
    assert.notEqual(env, envPy('{}'));
    // No raw SQL: under the map only SQLAlchemy's constructs move to app (a bare INSERT INTO items would not find it).
    const ini = project('env-schema-translate-', env, { 'c1_items.py': VERSIONS['c1_items.py'].replace(/\n    op\.execute\(.*\)\n/, '\n') });
    const { byAlembic, byLens } = databases(['app']);
    const run = alembic(ini, byAlembic, ['upgrade', 'head']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(tables(byAlembic), ['app.alembic_version', 'app.items']);
    const ours = await lens(ini, byLens, ['upgrade', 'head']);
    assert.equal(ours.status, 1, ours.stdout);
    const line = env.split('\n').findIndex((text) => text.includes('schema_translate_map')) + 1;
    assert.match(ours.stderr, new RegExp(`env\\.py gives its connection a schema_translate_map \\(line ${line}\\)`));
    assert.match(ours.stderr, /online-version-table-unknown/);
    assert.deepEqual(tables(byLens), []);
  });
}

// isolation_level AUTOCOMMIT: every statement commits on its own, Alembic's transaction begins
// nothing, and a migration failing halfway keeps what ran (the real Alembic below leaves the table,
// its CONCURRENTLY index and the version table). Lens runs a migration in a transaction: its run
// was another one (CREATE INDEX CONCURRENTLY failing with 25001, everything rolled back). Refused
// now before connecting, online only.
const HALFWAY = {
  'c1_items.py': `${migrationHeader('c1', undefined)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("n", sa.Integer()))
    op.create_index("ix_items_n", "items", ["n"], postgresql_concurrently=True)
    op.execute("SELECT 1 / 0")


def downgrade():
    op.drop_table("items")
`,
};

for (const autocommit of [
  { name: 'as an engine keyword', env: envPy('{}').replace('        connect_args={},\n', '        isolation_level="AUTOCOMMIT",\n'), ini: '', reason: /it runs the migrations with isolation_level="AUTOCOMMIT"/ },
  { name: 'on the connection, from a variable', env: envPy('{}', 'LEVEL = os.environ.get("LEVEL", "AUTOCOMMIT")\n').replace('    with connectable.connect() as connection:\n', '    with connectable.connect().execution_options(isolation_level=LEVEL) as connection:\n'), ini: '', reason: /its isolation_level \(LEVEL\) is not known statically/ },
  { name: "in alembic.ini's sqlalchemy.isolation_level", env: envPy('{}'), ini: 'sqlalchemy.isolation_level = AUTOCOMMIT\n', reason: /alembic\.ini sets sqlalchemy\.isolation_level = AUTOCOMMIT/ },
]) {
  test(`isolation_level AUTOCOMMIT ${autocommit.name}: refused before connecting, where Alembic keeps a failed migration's first statements`, async () => {
    requireAlembic();
    const ini = project('env-autocommit-', autocommit.env, HALFWAY);
    if (autocommit.ini) fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', `[alembic]\n${autocommit.ini}`));
    const { byAlembic, byLens } = databases([]);
    const run = alembic(ini, byAlembic, ['upgrade', 'head']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /division by zero/);
    assert.deepEqual(tables(byAlembic), ['public.alembic_version', 'public.items']);
    const ours = await lens(ini, byLens, ['upgrade', 'head']);
    assert.equal(ours.status, 1, ours.stdout);
    assert.match(ours.stderr, autocommit.reason);
    const line = autocommit.env.split('\n').findIndex((text) => text.includes('isolation_level')) + 1;
    if (!autocommit.ini) assert.match(ours.stderr, new RegExp(`\\(line ${line}\\)`));
    assert.match(ours.stderr, /online-version-table-unknown/);
    assert.deepEqual(tables(byLens), []);
  });
}
