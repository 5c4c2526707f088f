/**
 * SQL functions an application defines as a FunctionElement with a `@compiles` hook that returns a
 * constant (SQLAlchemy's documented `utcnow` recipe, named in lower case): SQLAlchemy prints the
 * string the hook returns wherever the element is compiled. The engine took the lower-case class
 * for a call into application code, so every migration using it was refused (a held-out history:
 * 55 steps in 30 of its 194 revision directions). Compared with the real Alembic 1.20; a hook whose
 * output depends on the element stays refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const FUNCTIONS = `from sqlalchemy import DateTime, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import expression
from sqlalchemy.sql.functions import GenericFunction

CLOCK = "CURRENT_TIMESTAMP"


class utcnow(expression.FunctionElement):
    type = DateTime()
    inherit_cache = True


@compiles(utcnow, "postgresql")
def _utcnow_on_postgresql(element, compiler, **kw):
    """The UTC wall clock."""
    return "TIMEZONE('utc', " + CLOCK + ")"


@compiles(utcnow, "sqlite")
def _utcnow_on_sqlite(element, compiler, **kw):
    return "datetime('now')"


class next_ticket(GenericFunction):
    type = Integer()
    inherit_cache = True


@compiles(next_ticket)
def _next_ticket(element, compiler, **kw):
    return "nextval('ticket_seq')"


class ticket_day(expression.FunctionElement):
    type = DateTime()
    inherit_cache = True


@compiles(ticket_day)
def _ticket_day_first(element, compiler, **kw):
    return "current_date"


@compiles(ticket_day)
def _ticket_day_again(element, compiler, **kw):
    """Registered last for the same dialect: SQLAlchemy's dispatcher keeps this one."""
    return "date_trunc('day', now())"


class echo_args(expression.FunctionElement):
    inherit_cache = True


@compiles(echo_args)
def _echo_args(element, compiler, **kw):
    return "echo(%s)" % compiler.process(element.clauses, **kw)
`;

const MIGRATION = `"""timestamps

Revision ID: c1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from shop.sql import next_ticket, ticket_day, utcnow

revision = "c1"
down_revision = None

orders = sa.table("orders", sa.column("id", sa.Integer), sa.column("updated_on", sa.DateTime))


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), server_default=next_ticket(), nullable=False),
        sa.Column("created_on", sa.DateTime(), server_default=utcnow(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("orders", sa.Column("updated_on", sa.DateTime(), server_default=utcnow()))
    op.execute(orders.update().where(orders.c.id > 10).values(updated_on=utcnow()))
    op.execute(orders.delete().where(sa.and_(orders.c.updated_on < utcnow(), orders.c.id > 3)))
    op.execute(orders.insert().values(id=1, updated_on=utcnow()))
    op.create_index("ix_orders_recent", "orders", ["updated_on"], postgresql_where=orders.c.updated_on > utcnow())
    op.create_check_constraint("ck_orders_past", "orders", orders.c.updated_on <= utcnow())
    op.alter_column("orders", "updated_on", server_default=utcnow(), existing_type=sa.DateTime())
    op.add_column("orders", sa.Column("day", sa.DateTime(), server_default=ticket_day()))


def downgrade():
    op.drop_table("orders")
`;

const ECHO = `"""echo

Revision ID: c2
Revises: c1
"""
from alembic import op
import sqlalchemy as sa
from shop.sql import echo_args

revision = "c2"
down_revision = "c1"


def upgrade():
    op.add_column("orders", sa.Column("note", sa.Text(), server_default=echo_args()))


def downgrade():
    op.drop_column("orders", "note")
`;

function project(): string {
  return offlineProject(
    'compiled-function-element-',
    {
      'shop/__init__.py': '',
      'shop/sql.py': FUNCTIONS,
      'migrations/versions/c1_timestamps.py': MIGRATION,
      'migrations/versions/c2_echo.py': ECHO,
    },
    'prepend_sys_path = .\n',
  );
}

test('a FunctionElement whose @compiles hook returns a constant prints as Alembic prints it', async () => {
  const dir = project();
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'base:c1', '--sql']);
  assert.match(sql, /DEFAULT TIMEZONE\('utc', CURRENT_TIMESTAMP\)/);
  // Two hooks for one dialect: the one decorated last is SQLAlchemy's.
  assert.match(sql, /ADD COLUMN day TIMESTAMP WITHOUT TIME ZONE DEFAULT date_trunc\('day', now\(\)\)/);
  await assertSameAsAlembic(dir, ['downgrade', 'c1:base', '--sql']);
});

test("a hook that compiles the element's clauses is not followed: the step is refused with the reason", async () => {
  const dir = project();
  const result = await runLens(dir, ['upgrade', 'c1:c2', '--sql']);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /echo_args .*@compiles rendering the engine does not follow/);
});
