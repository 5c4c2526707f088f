/**
 * Valid Python that lezer's grammar (1.1.19) does not read: PEP 614's relaxed decorators
 * (`@x := y`, `@buttons[0].clicked.connect`, `@(lambda f: f)`, `@a if b else c`, Python 3.9) and
 * starred expressions in a subscript (`a[*b]`, Python 3.11). Lens reported a python-syntax-error
 * and printed nothing where Alembic imports the file and prints its SQL; it must print the same
 * SQL. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

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

/**
 * More valid Python lezer's grammar does not read: any assignment target after `with ... as`
 * (`as (a, b)`, `as self.conn`, `as cache[key]`) and a starred subscript inside an f-string's
 * replacement field, and two class patterns of no arguments in one case (`str() | bytes()`); with
 * a valid `global` and `nonlocal` and a read of `__debug__` beside them.
 */
const TARGETS_MIGRATION = `"""with targets

Revision ID: b1
Revises:
"""
import contextlib
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None

_keys = ("id", "name")
_labels = {("id", "name"): "pair"}
_label = f"{_labels[*_keys]}"
_count = 0
_debug = __debug__


@contextlib.contextmanager
def _pair():
    yield "a", "b"


class _Holder:
    def read(self, cache):
        with _pair() as (first, second):
            pass
        with _pair() as [first, *rest]:
            pass
        with _pair() as self.value, _pair() as cache["k"]:
            pass
        with (
            _pair() as (left, right),
            _pair() as cache[0],
        ):
            pass
        return first, second, rest, left, right


def _kind(value):
    match value:
        case str() | bytes():
            return "text"
        case [first, *_] | (first, *_):
            return first
        case _:
            return None


def _counter():
    total = 0

    def bump():
        nonlocal total
        total += 1

    bump()
    return total


def upgrade():
    global _count
    _count += 1
    op.create_table(
        "widgets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )


def downgrade():
    op.drop_table("widgets")
`;

test('with ... as targets other than a name, and a starred subscript in an f-string, give the SQL Alembic prints', async () => {
  const dir = offlineProject('relaxed-with-', { 'migrations/versions/b1_targets.py': TARGETS_MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'b1:base', '--sql']);
});

const BATCH_TUPLE_MIGRATION = `"""batch with a parenthesized target

Revision ID: c1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = None

batch_op = op


def upgrade():
    with op.batch_alter_table("widgets") as (batch_op):
        batch_op.add_column(sa.Column("size", sa.Integer()))


def downgrade():
    pass
`;

test('a batch block whose target is no plain name is refused, never printed with the wrong binding', async () => {
  const dir = offlineProject('relaxed-with-batch-', { 'migrations/versions/c1_batch.py': BATCH_TUPLE_MIGRATION });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /ALTER TABLE widgets ADD COLUMN size INTEGER/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0, lens.stdout);
  assert.doesNotMatch(lens.stdout, /ALTER TABLE/);
  assert.match(lens.stderr, /not a plain name/);
});

/**
 * Valid Python lezer's grammar or tokenizer reads wrong: a lambda's positional-only marker
 * (`lambda a, /: a`), an f-string format specification starting with `=` (`{x:=^9}`), starred
 * items in a `for` statement's iterable list, a dotted key in a mapping pattern and a form feed
 * in a line's indentation (CPython counts the blanks after it only); and `case 1 | 2 as n:`, which
 * the match checks read as Python groups it; a starred `*args` annotation and a tuple `match`
 * subject. The lambda is called for a
 * table name, so the engine binds the parameters around the marker.
 */
const MODERN_FORMS_MIGRATION = `"""modern forms

Revision ID: d1
Revises:
"""
import enum
import typing
from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None

_table_name = lambda base, /, suffix="": base + suffix
_banner = f"{'widgets':=^20}"
_names = []
for _name in *["id"], *("name",):
    _names.append(_name)


class _Color(enum.Enum):
    RED = 1


def _pick(value):
    match value:
        case {_Color.RED: found}:
            return found
        case 1 | 2 as number:
            return number
        case _:
            return None


_Ts = typing.TypeVarTuple("_Ts")


def _first(*args: *_Ts):
    match args[0], len(args):
        case name, 1:
            return name
        case _:
            return None


def upgrade():
    op.create_table(
        _table_name("widgets", suffix="_v2"),
        sa.Column("id", sa.Integer(), primary_key=True),
\f        sa.Column("name", sa.String(50), nullable=False),
    )
\f    op.create_index("ix_widgets_v2_name", _table_name("widgets_v2"), ["name"])


def downgrade():
    op.drop_index("ix_widgets_v2_name", table_name="widgets_v2")
\f    op.drop_table(_table_name("widgets", "_v2"))
`;

test('positional-only lambdas, a format spec starting with =, starred for iterables, dotted mapping keys and form feeds give the SQL Alembic prints', async () => {
  const dir = offlineProject('relaxed-modern-forms-', { 'migrations/versions/d1_forms.py': MODERN_FORMS_MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'd1:base', '--sql']);
});
