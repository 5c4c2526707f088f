/**
 * Alembic's asyncio templates (`alembic init -t async` and `-t pyproject_async`, made here by the
 * real Alembic 1.20), the env.py most FastAPI and async SQLAlchemy projects start from: the
 * offline function configures a URL with literal binds, the online one runs the migrations through
 * `connection.run_sync()` on an `AsyncEngine`. Their env.py imports sqlalchemy.ext.asyncio, which
 * needs greenlet even under `--sql`: the reference venv has it (test/setup/alembic-venv.sh), and
 * before it did no test compared these templates with Alembic at all. Every command is compared
 * byte for byte (merge rows normalised as sql-parity-helpers.ts says), on a history with a branch,
 * a merge, an enum, an autocommit block and a data migration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALEMBIC_PYTHON, assertSameAsAlembic, isolateCache, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { alembicInitProject } from '../support/alembicInit';

requireAlembic();
isolateCache();

function revision(id: string, parents: string, upgrade: readonly string[], downgrade: readonly string[], imports: readonly string[] = []): string {
  return [
    `"""${id}`,
    '',
    `Revision ID: ${id}`,
    `Revises: ${parents}`,
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    ...imports,
    '',
    `revision = "${id}"`,
    `down_revision = ${parents === '' ? 'None' : parents.includes(',') ? `(${parents.split(', ').map((p) => `"${p}"`).join(', ')})` : `"${parents}"`}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade() -> None:',
    ...upgrade.map((line) => `    ${line}`),
    '',
    '',
    'def downgrade() -> None:',
    ...downgrade.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

const HISTORY: Record<string, string> = {
  'a1_accounts.py': revision(
    'a1',
    '',
    [
      'status = postgresql.ENUM("active", "closed", name="account_status")',
      'op.create_table(',
      '    "accounts",',
      '    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),',
      '    sa.Column("email", sa.String(320), nullable=False),',
      '    sa.Column("status", status, nullable=False, server_default="active"),',
      '    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),',
      ')',
      'op.create_index(op.f("ix_accounts_email"), "accounts", ["email"], unique=True)',
    ],
    ['op.drop_index(op.f("ix_accounts_email"), table_name="accounts")', 'op.drop_table("accounts")', 'sa.Enum(name="account_status").drop(op.get_bind())'],
    ['from sqlalchemy.dialects import postgresql'],
  ),
  'b1_orders.py': revision(
    'b1',
    'a1',
    [
      'op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("account_id", sa.BigInteger, sa.ForeignKey("accounts.id", ondelete="CASCADE")), sa.Column("total", sa.Numeric(12, 2)))',
      'with op.get_context().autocommit_block():',
      '    op.create_index("ix_orders_account", "orders", ["account_id"], postgresql_concurrently=True)',
    ],
    ['with op.get_context().autocommit_block():', '    op.drop_index("ix_orders_account", table_name="orders", postgresql_concurrently=True)', 'op.drop_table("orders")'],
  ),
  'c1_flags.py': revision(
    'c1',
    'a1',
    [
      'op.add_column("accounts", sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()))',
      'accounts = sa.table("accounts", sa.column("email", sa.String), sa.column("is_admin", sa.Boolean))',
      'op.execute(accounts.update().where(accounts.c.email.like("%@example.com")).values(is_admin=True))',
    ],
    ['op.drop_column("accounts", "is_admin")'],
  ),
  'd1_merge.py': revision('d1', 'b1, c1', ['pass'], ['pass']),
};

/** A project made by `alembic init -t TEMPLATE`, its URL a PostgreSQL one, with HISTORY in its versions folder. */
function templateProject(template: 'async' | 'pyproject_async'): string {
  const dir = alembicInitProject(ALEMBIC_PYTHON, template, `${template}-template-`);
  const envPy = fs.readFileSync(path.join(dir, 'migrations', 'env.py'), 'utf8');
  // What makes these templates what they are: checked, so a changed template fails here, not silently.
  assert.match(envPy, /async_engine_from_config/);
  assert.match(envPy, /await connection\.run_sync\(do_run_migrations\)/);
  const ini = path.join(dir, 'alembic.ini');
  const text = fs.readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, 'sqlalchemy.url = postgresql+asyncpg://app@db.internal/shop');
  assert.match(text, /postgresql\+asyncpg:/);
  fs.writeFileSync(ini, text);
  if (template === 'pyproject_async') assert.match(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'), /\[tool\.alembic\]/);
  for (const [name, source] of Object.entries(HISTORY)) writeFile(path.join(dir, 'migrations', 'versions', name), source);
  return dir;
}

/** A branch point's children sorted: `Branches into: c1, b1` (history -v) and the `   -> c1` lines under it (branches). */
function childrenSorted(output: string): string {
  const listed = output.replace(/^Branches into: (.*)$/gm, (_line, children: string) => `Branches into: ${children.split(', ').sort().join(', ')}`);
  return listed.replace(/(?:^ {3}-> .*\n)+/gm, (run) => run.split('\n').filter(Boolean).sort().join('\n') + '\n');
}

const OFFLINE_COMMANDS = [
  ['upgrade', 'head', '--sql'],
  ['upgrade', 'a1:c1', '--sql'],
  ['downgrade', 'd1:base', '--sql'],
  ['downgrade', 'd1:b1', '--sql'],
  ['stamp', 'head', '--sql'],
];

for (const template of ['async', 'pyproject_async'] as const) {
  test(`alembic init -t ${template}: every --sql command prints what Alembic prints`, async () => {
    const dir = templateProject(template);
    for (const args of OFFLINE_COMMANDS) {
      const printed = await assertSameAsAlembic(dir, args);
      assert.ok(printed.length > 0, args.join(' '));
    }
    // The history's content reached the output (not an empty script on both sides).
    const upgrade = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.match(upgrade.stdout, /CREATE INDEX CONCURRENTLY ix_orders_account ON orders \(account_id\)/);
    assert.match(upgrade.stdout, /CREATE TYPE account_status AS ENUM \('active', 'closed'\)/);
  });

  test(`alembic init -t ${template}: the graph commands print what Alembic prints`, async () => {
    const dir = templateProject(template);
    for (const args of [['heads'], ['branches'], ['history'], ['history', '-v'], ['show', 'd1']]) {
      const alembic = runAlembic(dir, args);
      assert.equal(alembic.code, 0, alembic.stderr);
      const lens = await runLens(dir, args);
      assert.equal(lens.code, 0, lens.stderr);
      // `history -v` prints each file's path: the same folder on both sides. A branch point's
      // children come from a Python set in Alembic (their order changes with PYTHONHASHSEED): compared as sets.
      assert.equal(childrenSorted(lens.stdout), childrenSorted(alembic.stdout), args.join(' '));
    }
  });

  test(`alembic init -t ${template}: check finds the history clean of engine problems`, async () => {
    const dir = templateProject(template);
    const check = await runLens(dir, ['check', '--format', 'json']);
    const codes = (JSON.parse(check.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code);
    // The async env.py is read like the sync one: no opaque step, no env.py problem.
    assert.ok(!codes.some((code) => code === 'opaque-step' || code.startsWith('env-')), codes.join(', '));
  });
}
