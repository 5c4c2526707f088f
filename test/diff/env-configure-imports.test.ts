/**
 * env.py may call Alembic's configure() however it imported it: abrt/faf's does
 * `from alembic.context import configure, is_offline_mode, ...` and calls bare `configure(url=url)`
 * and `if is_offline_mode():`. Lens read only `context.configure(...)`: the options of such a call
 * (version_table, transaction_per_migration) were dropped and `--sql` printed other SQL with exit
 * 0, and the online call's target_metadata was taken for `--sql` too, refusing unnamed keys that
 * Alembic prints. Each spelling is compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const OPTIONS = 'url="postgresql://u@h/d", literal_binds=True, version_table="faf_version", transaction_per_migration=True';

/** env.py bodies: each configures offline with OPTIONS and online with an application metadata. */
const SPELLINGS: Record<string, string> = {
  'from alembic.context import configure, is_offline_mode': `from alembic.context import configure, begin_transaction, run_migrations, is_offline_mode
from myapp_models import metadata


def run_migrations_offline():
    configure(${OPTIONS})
    with begin_transaction():
        run_migrations()


def run_migrations_online():
    configure(connection=None, target_metadata=metadata)
    with begin_transaction():
        run_migrations()


if is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`,
  'from alembic.context import configure as cfg': `from alembic.context import (
    configure as cfg,
    begin_transaction,
    run_migrations,
    is_offline_mode as offline,
)

if offline():
    cfg(${OPTIONS})
    with begin_transaction():
        run_migrations()
`,
  'from alembic import context as ctx2': `from alembic import context as ctx2

if ctx2.is_offline_mode():
    ctx2.configure(${OPTIONS})
    with ctx2.begin_transaction():
        ctx2.run_migrations()
`,
  'import alembic.context as alembic_ctx': `import alembic.context as alembic_ctx

if not alembic_ctx.is_offline_mode():
    raise SystemExit("offline only")
alembic_ctx.configure(${OPTIONS})
with alembic_ctx.begin_transaction():
    alembic_ctx.run_migrations()
`,
};

const header = migrationHeader;

const VERSIONS = {
  'a1_reports.py': `${header('a1', undefined)}
def upgrade():
    op.create_table("reports", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))


def downgrade():
    op.drop_table("reports")
`,
  'b2_links.py': `${header('b2', 'a1')}
def upgrade():
    op.create_table(
        "report_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("report_links")
`,
};

for (const [spelling, envPy] of Object.entries(SPELLINGS)) {
  test(`env.py calling ${spelling}: --sql takes that call's options, as Alembic does`, async () => {
    const dir = temporaryFolder('env-configure-imports-');
    writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
    writeFile(path.join(dir, 'migrations', 'env.py'), envPy);
    // The online call's metadata: a naming convention known only at run time, which the engine
    // cannot read (it would refuse the unnamed foreign key if it took this call for --sql).
    writeFile(path.join(dir, 'myapp_models.py'), 'import os\nimport sqlalchemy as sa\n\nmetadata = sa.MetaData(naming_convention={"fk": os.environ.get("FK_CONVENTION", "fk_%(table_name)s_%(column_0_name)s")})\n');
    for (const [name, text] of Object.entries(VERSIONS)) writeFile(path.join(dir, 'migrations', 'versions', name), text);
    await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    await assertSameAsAlembic(dir, ['downgrade', 'b2:base', '--sql']);
  });
}
