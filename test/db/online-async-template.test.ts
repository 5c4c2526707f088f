// Alembic's asyncio template (`alembic init -t async`, made by the real Alembic 1.20) run live on
// the test server: the real Alembic through asyncpg (the template's own driver; the reference
// venv has asyncpg and greenlet, test/setup/alembic-venv.sh) on one database, Lens on another with
// the same unchanged env.py and a `postgresql+asyncpg://` URL in the ini, which Lens connects to
// with its own driver. Upgrades and downgrades step by step and whole: the same schema, rows and
// version table after each (pg_dump), and `current` agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { alembicPython, dump, freshDatabase, lens, requireAlembic, requireServer, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';
import { alembicInitProject } from '../support/alembicInit';

const VERSIONS: Record<string, string> = {
  'a1_accounts.py': `${migrationHeader('a1', undefined)}
from sqlalchemy.dialects import postgresql


def upgrade():
    status = postgresql.ENUM("active", "closed", name="account_status")
    op.create_table(
        "accounts",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("status", status, nullable=False, server_default="active"),
    )
    op.create_index(op.f("ix_accounts_email"), "accounts", ["email"], unique=True)
    accounts = sa.table("accounts", sa.column("email", sa.String))
    op.bulk_insert(accounts, [{"email": "a@example.com"}, {"email": "b@example.org"}])


def downgrade():
    op.drop_index(op.f("ix_accounts_email"), table_name="accounts")
    op.drop_table("accounts")
    sa.Enum(name="account_status").drop(op.get_bind())
`,
  'b1_orders.py': `${migrationHeader('b1', 'a1')}
def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("account_id", sa.BigInteger, sa.ForeignKey("accounts.id")))
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_account", "orders", ["account_id"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_orders_account", table_name="orders", postgresql_concurrently=True)
    op.drop_table("orders")
`,
  'c1_flags.py': `${migrationHeader('c1', 'b1')}
def upgrade():
    op.add_column("accounts", sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()))
    accounts = sa.table("accounts", sa.column("email", sa.String), sa.column("is_admin", sa.Boolean))
    op.execute(accounts.update().where(accounts.c.email.like("%@example.com")).values(is_admin=True))


def downgrade():
    op.drop_column("accounts", "is_admin")
`,
};

/** A project made by `alembic init -t async` whose ini names `databaseUrl` through asyncpg. */
function asyncProject(databaseUrl: string): string {
  const dir = alembicInitProject(alembicPython, 'async', 'online-async-template-');
  assert.match(fs.readFileSync(path.join(dir, 'migrations', 'env.py'), 'utf8'), /await connection\.run_sync\(do_run_migrations\)/);
  const ini = path.join(dir, 'alembic.ini');
  const asyncUrl = databaseUrl.replace(/^postgresql:/, 'postgresql+asyncpg:');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${asyncUrl}`));
  for (const [name, text] of Object.entries(VERSIONS)) fs.writeFileSync(path.join(dir, 'migrations', 'versions', name), text);
  return ini;
}

function alembicLive(ini: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(alembicPython, ['-m', 'alembic', '-c', ini, ...args], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the async template: Lens migrates a database as the real Alembic does through asyncpg, step by step and back', async () => {
  requireServer();
  requireAlembic();
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  const alembicIni = asyncProject(byAlembic);
  const lensIni = asyncProject(byLens);
  const steps = [['upgrade', 'a1'], ['upgrade', 'head'], ['downgrade', '-1'], ['downgrade', 'a1'], ['upgrade', 'head'], ['downgrade', 'base'], ['upgrade', 'head']];
  for (const args of steps) {
    const alembic = alembicLive(alembicIni, args);
    assert.equal(alembic.status, 0, `alembic ${args.join(' ')}: ${alembic.stderr}`);
    const ours = await lens(lensIni, byLens, args);
    assert.equal(ours.status, 0, `alembic-lens ${args.join(' ')}: ${ours.stderr}`);
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }), args.join(' '));
    assert.deepEqual(rows(byLens), rows(byAlembic), args.join(' '));
  }
  // The end state is the whole history: not two empty databases compared.
  assert.deepEqual(rows(byLens), ['c1']);
  assert.match(dump(byLens), /CREATE INDEX ix_orders_account ON public\.orders USING btree \(account_id\)/);
  assert.match(dump(byLens), /1\ta@example\.com\tactive\tt/);
  const current = await lens(lensIni, byLens, ['current']);
  assert.equal(current.status, 0, current.stderr);
  assert.equal(current.stdout, alembicLive(alembicIni, ['current']).stdout);
});
