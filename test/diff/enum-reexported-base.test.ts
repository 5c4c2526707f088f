/**
 * `sa.Enum(ExecutorType)` where the application's enum class derives from a standard enum base
 * that another of its modules re-exports (mage-ai's `mage_ai.shared.enum.StrEnum`: `from enum
 * import StrEnum` in a `try:`, a `class StrEnum(str, Enum)` fallback under `except ImportError:`).
 * The engine refused the class as "not a literal" because the base led back to a library name
 * rather than to a class of the application. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""executor type

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

from app.constants import ExecutorType, Level, Plain

revision = "a1"
down_revision = None


def upgrade():
    executor_type = sa.Enum(ExecutorType, name="executortype")
    executor_type.create(op.get_bind(), checkfirst=True)
    op.add_column("pipeline_run", sa.Column("executor_type", executor_type, nullable=True))
    op.add_column("pipeline_run", sa.Column("level", sa.Enum(Level, name="run_level"), nullable=True))
    op.add_column("pipeline_run", sa.Column("plain", sa.Enum(Plain, native_enum=False, create_constraint=True), nullable=True))


def downgrade():
    op.drop_column("pipeline_run", "plain")
    op.drop_column("pipeline_run", "level")
    op.drop_column("pipeline_run", "executor_type")
    sa.Enum(ExecutorType, name="executortype").drop(op.get_bind())
`;

const SHARED_ENUM = `try:
    # StrEnum is new in Python 3.11
    from enum import Enum, IntEnum, StrEnum  # noqa: F401
except ImportError:  # pragma: no cover
    from enum import Enum, IntEnum  # noqa: F401

    class StrEnum(str, Enum):  # pragma: no cover
        pass
`;

const CONSTANTS = `import os

from app.shared.enum import StrEnum
from app.shared import compat


class ExecutorType(StrEnum):
    ECS = "ecs"
    LOCAL_PYTHON = "local_python"
    # Forced local python
    LOCAL_PYTHON_FORCE = "local_python_force"

    @classmethod
    def is_valid_type(cls, executor_type: str) -> bool:
        return executor_type.upper() in cls.__members__


class Level(compat.IntEnum):
    LOW = 1
    HIGH = 2
    TOP = 2


class Plain(compat.Base):
    first = "a"
    second = "bb"
`;

test('an enum class whose standard base the application re-exports gives the labels Alembic prints', async () => {
  const dir = temporaryFolder('enum-reexported-base-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'app', '__init__.py'), '');
  writeFile(path.join(dir, 'app', 'shared', '__init__.py'), '');
  writeFile(path.join(dir, 'app', 'shared', 'enum.py'), SHARED_ENUM);
  writeFile(path.join(dir, 'app', 'shared', 'compat.py'), 'from enum import Enum as Base, IntEnum\n');
  writeFile(path.join(dir, 'app', 'constants.py'), CONSTANTS);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_executor_type.py'), MIGRATION);
  const upgrade = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  assert.match(upgrade, /CREATE TYPE executortype AS ENUM \('ECS', 'LOCAL_PYTHON', 'LOCAL_PYTHON_FORCE'\)/);
  assert.match(upgrade, /ADD COLUMN level run_level;/);
  assert.match(upgrade, /CHECK \(plain IN \('first', 'second'\)\)/);
});
