/**
 * A TypeDecorator whose load_dialect_impl() asks `isinstance(dialect, PGDialect)` (Mirascope/
 * lilypad's JSONTypeDecorator, held-out sweep W): every PostgreSQL dialect is one, whatever the
 * driver, so the column is JSONB, as Alembic prints it. A condition the engine cannot decide is
 * refused with that condition as the reason (it said "it runs migration operations").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runLens, writeFile } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""one

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from shop_types import JSONTypeDecorator, TextOnMySQL

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), sa.Column("keys", JSONTypeDecorator()), sa.Column("note", TextOnMySQL()))


def downgrade():
    op.drop_table("users")
`;

function types(condition: string): string {
  return `import sqlalchemy as sa
from sqlalchemy import JSON, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.mysql.base import MySQLDialect


class JSONTypeDecorator(TypeDecorator):
    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if ${condition}:
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


class TextOnMySQL(TypeDecorator):
    impl = sa.String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if isinstance(dialect, (MySQLDialect, str)):
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.String(40))
`;
}

function project(condition: string): string {
  const dir = offlineProject('isinstance-dialect-', { 'migrations/versions/a1_one.py': MIGRATION });
  writeFile(path.join(dir, 'shop_types.py'), types(condition));
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
  return dir;
}

test('isinstance(dialect, PGDialect) in load_dialect_impl: JSONB, and a MySQL dialect class is not the dialect: the same SQL as Alembic', async () => {
  const sql = await assertSameAsAlembic(project('isinstance(dialect, PGDialect)'), ['upgrade', 'head', '--sql']);
  assert.match(sql, /keys JSONB/);
  assert.match(sql, /note VARCHAR\(40\)/);
});

test('a condition the engine cannot decide is named as the reason, not as migration operations', async () => {
  const lens = await runLens(project('dialect.driver == "psycopg2"'), ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.doesNotMatch(lens.stderr, /runs migration operations/);
  assert.match(lens.stderr, /load_dialect_impl\(\) for PostgreSQL cannot be read: .*dialect\.driver/);
});
