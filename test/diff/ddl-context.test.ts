/**
 * `sa.DDL(statement, context={...})` given to op.execute (hasgeek/lastuser loops over its columns
 * with `context={'table': table, 'column': column}`): SQLAlchemy prints `statement % context`,
 * then doubles `%` under the pyformat paramstyle. Compared with the real Alembic 1.20, with the
 * generic env.py (named) and one that keeps psycopg's paramstyle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""ddl with a context

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    for table, column in (("auth_client", "created_at"), ("user", "updated_at")):
        op.execute(sa.DDL(
            'ALTER TABLE "%(table)s" ALTER COLUMN "%(column)s" TYPE TIMESTAMP WITH TIME ZONE USING "%(column)s" AT TIME ZONE \\'UTC\\'',
            context={"table": table, "column": column},
        ))
    op.execute(sa.DDL("UPDATE t SET x = 'c%%d' WHERE y = '%(v)s' AND n = %(n)d", context=dict(v="q", n=3)))
    op.execute(sa.DDL("UPDATE t SET x = 'a%%b'"))


def downgrade():
    op.execute(sa.DDL("SELECT '%(missing)s'", context={"v": 1}))
`;

for (const [name, env] of [
  ['named paramstyle', 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True, dialect_opts={"paramstyle": "named"})\nwith context.begin_transaction():\n    context.run_migrations()\n'],
  ['pyformat paramstyle', 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n'],
] as const) {
  test(`sa.DDL with a context: the same SQL as Alembic (${name}); a key the context lacks fails in both`, async () => {
    const dir = offlineProject('ddl-context-', { 'migrations/versions/a1_ddl.py': MIGRATION });
    writeFile(path.join(dir, 'migrations', 'env.py'), env);
    const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.match(sql, /ALTER TABLE "user" ALTER COLUMN "updated_at" TYPE TIMESTAMP WITH TIME ZONE/);
    assert.match(sql, /WHERE y = 'q' AND n = 3/);
    const alembic = runAlembic(dir, ['downgrade', 'a1:base', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, /KeyError: 'missing'/);
    const lens = await runLens(dir, ['downgrade', 'a1:base', '--sql']);
    assert.notEqual(lens.code, 0);
    assert.match(lens.stderr, /names %\(missing\)s, which its context does not give \(Python raises KeyError: 'missing'/);
  });
}
