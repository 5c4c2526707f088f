/**
 * `sa.Enum(PythonEnumClass, values_callable=lambda x: [e.value for e in x])`, the form
 * SQLAlchemy's documentation gives for labels made of the members' values (and that models copied
 * into migrations carry): the labels are what the lambda returns for the class, whose iteration
 * leaves aliases out. Compared with the real Alembic 1.20: native and non-native enums (a
 * VARCHAR sized to the longest value, and its CHECK), `.name`, `str(e.value)` of integer values,
 * a class imported from the application, and every other keyword unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { interpretMigration } from '../../server/src/engine/interpret/index';

requireAlembic();
isolateCache();

const MIGRATION = `"""statuses

Revision ID: a1
Revises:
"""
import enum

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from app.models import Priority

revision = "a1"
down_revision = None


class Status(str, enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on hold"
    ENABLED = "active"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 20


def upgrade():
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("status", sa.Enum(Status, name="ticket_status", values_callable=lambda x: [e.value for e in x]), nullable=False, server_default="active"),
        sa.Column("old_status", sa.Enum(Status, values_callable=lambda obj: [member.value for member in obj], native_enum=False, create_constraint=True)),
        sa.Column("level", sa.Enum(Level, name="ticket_level", values_callable=lambda levels: [str(level.value) for level in levels])),
        sa.Column("by_name", postgresql.ENUM(Status, name="ticket_status_names", values_callable=lambda x: [e.name for e in x])),
        sa.Column("priority", sa.Enum(Priority, values_callable=lambda x: [e.value for e in x])),
    )
    op.add_column("tickets", sa.Column("review", sa.Enum(Status, name="review_status", values_callable=lambda x: [str(e.value) for e in x], native_enum=False, length=40)))


def downgrade():
    op.drop_column("tickets", "review")
    op.drop_table("tickets")
    sa.Enum(Status, name="ticket_status", values_callable=lambda x: [e.value for e in x]).drop(op.get_bind(), checkfirst=False)
`;

test('values_callable lambdas over an enum class give the labels Alembic prints, upgrade and downgrade', async () => {
  const dir = temporaryFolder('enum-values-callable-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'app', '__init__.py'), '');
  writeFile(path.join(dir, 'app', 'models.py'), 'import enum\n\n\nclass Priority(enum.Enum):\n    low = "p-low"\n    urgent = "p-urgent"\n');
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_statuses.py'), MIGRATION);
  const upgrade = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  assert.match(upgrade, /CREATE TYPE ticket_status AS ENUM \('active', 'on hold'\)/);
  assert.match(upgrade, /CREATE TYPE ticket_level AS ENUM \('1', '20'\)/);
});

test('values_callable the engine does not read stays opaque, with the reason', () => {
  const header = 'import enum\nfrom alembic import op\nimport sqlalchemy as sa\n\n\nclass Colour(enum.Enum):\n    RED = enum.auto()\n\n\nclass Plain(enum.Enum):\n    a = "x"\n\n\n';
  const cases: [string, RegExp][] = [
    ['sa.Enum(Colour, name="c", values_callable=lambda x: [e.value for e in x])', /Colour\.RED is made by auto\(\)/],
    ['sa.Enum(Plain, name="p", values_callable=str)', /not a lambda of the form/],
    ['sa.Enum(Plain, name="p", values_callable=lambda x: [e.value.upper() for e in x])', /not a lambda of the form/],
    ['sa.Enum(Plain, name="p", values_callable=lambda x: [e.value for e in x if e])', /not a lambda of the form/],
    ['sa.Enum(Plain, name="p", values_callable=lambda x: [e.value for e in Plain])', /not a lambda of the form/],
  ];
  for (const [call, reason] of cases) {
    const steps = interpretMigration('/tmp/m.py', `${header}def upgrade():\n    op.add_column("t", sa.Column("c", ${call}))\n`).upgrade!.steps;
    assert.equal(steps[0].kind, 'opaque', call);
    assert.ok(steps[0].kind === 'opaque' && /values_callable/.test(steps[0].reason) && reason.test(steps[0].reason), steps[0].kind === 'opaque' ? steps[0].reason : call);
  }
});

test('annotated members (NAME: str = "value") are members, a bare annotation is not: the labels Alembic prints', async () => {
  // Clinical-Genomics/cg's fd7c9d246255 (held-out sweep AA) annotates most members of its OrderTypes.
  const dir = temporaryFolder('enum-annotated-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'app', '__init__.py'), '');
  writeFile(path.join(dir, 'app', 'kinds.py'), 'from enum import StrEnum\n\n\nclass Kind(StrEnum):\n    A: str = "a"\n    B = "b"\n    hint: str\n');
  writeFile(
    path.join(dir, 'migrations', 'versions', 'a1_order_types.py'),
    `"""order types

Revision ID: a1
Revises:
"""
from enum import Enum

from alembic import op
import sqlalchemy as sa

from app.kinds import Kind

revision = "a1"
down_revision = None


class OrderTypes(Enum):
    BALSAMIC: str = "balsamic"
    FLUFFY: str = "fluffy"
    note: str
    PACBIO_LONG_READ = "pacbio-long-read"


def upgrade():
    op.create_table(
        "order_type_application",
        sa.Column("order_type", sa.Enum(OrderTypes), nullable=False),
        sa.Column("kind", sa.Enum(Kind, name="kind", values_callable=lambda x: [e.value for e in x])),
    )


def downgrade():
    op.drop_table("order_type_application")
`,
  );
  const upgrade = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(upgrade, /CREATE TYPE ordertypes AS ENUM \('BALSAMIC', 'FLUFFY', 'PACBIO_LONG_READ'\)/);
  assert.match(upgrade, /CREATE TYPE kind AS ENUM \('a', 'b'\)/);
});
