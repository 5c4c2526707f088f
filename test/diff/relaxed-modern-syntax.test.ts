/**
 * Valid Python that lezer's grammar (1.1.19) does not read: PEP 614's relaxed decorators
 * (`@x := y`, `@buttons[0].clicked.connect`, `@(lambda f: f)`, `@a if b else c`, Python 3.9) and
 * starred expressions in a subscript (`a[*b]`, Python 3.11). Lens reported a python-syntax-error
 * and printed nothing where Alembic imports the file and prints its SQL; it must print the same
 * SQL. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""modern syntax

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

_registry = {}
_buttons = [type("B", (), {"clicked": type("C", (), {"connect": staticmethod(lambda f: f)})})]
_keys = ("id", "name")
_columns = {("id", "name"): "pair"}
_pair = _columns[*_keys]


@_register := (lambda f: _registry.setdefault(f.__name__, f))
def _named():
    return "named"


@_buttons[0].clicked.connect
def _clicked():
    pass


@(lambda f: f)
class _Marker:
    pass


@_register if _registry else (lambda f: f)
def _chosen(a, /, b):
    match a:
        case [x, *rest]:
            return x
        case _:
            return b


def upgrade():
    op.create_table(
        "widgets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.create_index("ix_widgets_name", "widgets", ["name"])


def downgrade():
    op.drop_index("ix_widgets_name", table_name="widgets")
    op.drop_table("widgets")
`;

test('relaxed decorators and a starred subscript (valid Python lezer does not read) give the SQL Alembic prints', async () => {
  const dir = offlineProject('relaxed-syntax-', { 'migrations/versions/a1_modern.py': MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
