/**
 * env.py may keep its configure() options in a dict and spread it: datalens-tech's DLS service
 * writes `context_kwargs = dict(version_table="dls_alembic_version", compare_type=True)` at the
 * top of env.py and calls `context.configure(url=..., literal_binds=True, **context_kwargs)`.
 * Lens refused every `--sql` ("version_table may come from **kwargs") where Alembic prints the
 * script. A dict written out in the file is now read key by key (python/splatDict.ts), for the
 * version table and transaction options and for the offline paramstyle and literal binds (a
 * spread dict without `dialect_opts` keeps psycopg2's `pyformat`, which doubles `%`). flxdot/carlos
 * spreads the dict a module function returns (held-out sweep BH). Each spelling is compared with
 * the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const envPy = (prelude: string, offlineCall: string): string => `from alembic import context

${prelude}


def run_migrations_offline():
    ${offlineCall}
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    context.configure(connection=None, target_metadata=None, **context_kwargs)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const SPELLINGS: Record<string, string> = {
  'a module-level dict(...) beside explicit keywords (datalens)': envPy(
    'context_kwargs = dict(version_table="dls_alembic_version", compare_type=True)',
    'context.configure(url="postgresql://u@h/d", literal_binds=True, **context_kwargs)',
  ),
  'a module-level dict display filled by a subscript': envPy(
    'context_kwargs = {"version_table": "svc_version", "transaction_per_migration": True}\ncontext_kwargs["compare_server_default"] = True',
    'context.configure(url="postgresql://u@h/d", literal_binds=True, dialect_opts={"paramstyle": "named"}, **context_kwargs)',
  ),
  'every offline option in the spread dict, without dialect_opts (pyformat doubles %)': envPy(
    'context_kwargs = {"version_table": "svc_version"}\noffline_kwargs = dict(url="postgresql://u@h/d", literal_binds=True, version_table="svc_version")',
    'context.configure(**offline_kwargs)',
  ),
  'a dict returned by a module function (flxdot/carlos)': envPy(
    'def context_configure_kwargs():\n    """The options both modes share."""\n    return {"version_table": "carlos_schema_version", "transaction_per_migration": True}\n\n\ncontext_kwargs = {"version_table": "carlos_schema_version", "transaction_per_migration": True}',
    'context.configure(url="postgresql://u@h/d", literal_binds=True, dialect_opts={"paramstyle": "named"}, **context_configure_kwargs())',
  ),
  'a dict built in the offline function with dialect_opts in it': envPy(
    'context_kwargs = {}',
    'opts = {"url": "postgresql://u@h/d", "dialect_opts": {"paramstyle": "named"}}\n    opts["literal_binds"] = True\n    opts["version_table"] = "fn_version"\n    context.configure(**opts)',
  ),
};

const header = migrationHeader;

const VERSIONS = {
  'a1_reports.py': `${header('a1', undefined)}
def upgrade():
    op.create_table("reports", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.String(20)), sa.PrimaryKeyConstraint("id"))


def downgrade():
    op.drop_table("reports")
`,
  'b2_names.py': `${header('b2', 'a1')}
def upgrade():
    op.execute("UPDATE reports SET name = 'a%b' WHERE name LIKE '%x'")
    reports = sa.table("reports", sa.column("name", sa.String))
    op.execute(reports.update().values(name="50%"))


def downgrade():
    op.execute("UPDATE reports SET name = NULL")
`,
};

for (const [spelling, text] of Object.entries(SPELLINGS)) {
  test(`env.py spreading **kwargs from ${spelling}: --sql takes the dict's options, as Alembic does`, async () => {
    const dir = temporaryFolder('env-configure-splat-');
    writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
    writeFile(path.join(dir, 'migrations', 'env.py'), text);
    for (const [name, source] of Object.entries(VERSIONS)) writeFile(path.join(dir, 'migrations', 'versions', name), source);
    await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    await assertSameAsAlembic(dir, ['downgrade', 'b2:base', '--sql']);
  });
}
