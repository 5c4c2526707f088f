/**
 * A migration function with a parameter of its own that env.py does not pass: nonebot-plugin-orm
 * writes `def upgrade(name: str = "") -> None: if name: return`. Alembic calls `upgrade(**kw)` with
 * what env.py's `run_migrations()` passes, so without it Python takes the default and the body
 * runs. Lens took the parameter for a value known only at run time and refused every function
 * (A-Minos/nonebot-plugin-tetris-stats: 0 of 66; held-out sweep AV). Compared with Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, NAMED_OFFLINE_ENV_PY, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const header = (revision: string, down: string | undefined): string =>
  `"""${revision}\n\nRevision ID: ${revision}\nRevises: ${down ?? ''}\n"""\nfrom __future__ import annotations\n\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision: str = "${revision}"\ndown_revision: str | None = ${down ? `"${down}"` : 'None'}\n\n`;

const VERSIONS = {
  'a1_hist.py': `${header('a1', undefined)}
def upgrade(name: str = "") -> None:
    if name:
        return
    op.create_table("nb_hist", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("data", sa.JSON()))


def downgrade(name: str = "") -> None:
    if name:
        return
    op.drop_table("nb_hist")
`,
  'b2_params.py': `${header('b2', 'a1')}
def upgrade(name: str = "", limit=3) -> None:
    if name:
        return
    with op.batch_alter_table("nb_hist", schema=None) as batch_op:
        batch_op.add_column(sa.Column("query_params", sa.JSON(), nullable=True))
    op.execute(f"UPDATE nb_hist SET id = id + {limit}")


def downgrade(name: str = "") -> None:
    if name:
        return
    with op.batch_alter_table("nb_hist", schema=None) as batch_op:
        batch_op.drop_column("query_params")
`,
};

test("a migration parameter env.py does not pass takes its default, as Python does (nonebot-plugin-orm's name='')", async () => {
  const files = Object.fromEntries(Object.entries(VERSIONS).map(([name, text]) => [`migrations/versions/${name}`, text]));
  const dir = offlineProject('migration-parameter-default-', files, '', NAMED_OFFLINE_ENV_PY);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'b2:base', '--sql']);
});
