/**
 * `sa.Enum(PythonEnumClass)` / `postgresql.ENUM(PythonEnumClass)`: the labels are the members'
 * names, aliases left out unless omit_aliases=False, and the type is named after the class in
 * lower case when no name is given. Classes the engine cannot read as an enum keep the call
 * opaque. values_callable lambdas: test/diff/enum-values-callable.test.ts. Real-Alembic parity is in the corpus tier (h/enum_class_type, h/enum_class_imported).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { renderOperation } from '../../../server/src/engine/render';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

function migrationIn(files: Record<string, string>): string {
  return migrationPathIn(workspaceWith('lens-enum-class-', files));
}

function sqlOf(step: Step): string[] {
  assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : '');
  if (step.kind !== 'operation') return [];
  return renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements;
}

function upgradeSteps(source: string, files: Record<string, string> = {}): Step[] {
  const file = migrationIn(files);
  return interpretMigration(file, source).upgrade!.steps;
}

const HEADER = 'import enum\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n\n';

test('a class defined in the migration: member names, aliases left out, name from the class', () => {
  const steps = upgradeSteps(`${HEADER}class Status(str, enum.Enum):
    """Doc."""
    active = "on"
    retired = "off"
    enabled = "on"

    def label(self):
        return self.value


def upgrade():
    op.add_column("t", sa.Column("s", sa.Enum(Status)))
    op.add_column("t", sa.Column("a", postgresql.ENUM(Status, name="with_alias", omit_aliases=False, create_type=False)))
    op.add_column("t", sa.Column("v", sa.Enum(Status, native_enum=False)))
`);
  assert.deepEqual(sqlOf(steps[0]), ['ALTER TABLE t ADD COLUMN s status']);
  assert.deepEqual(sqlOf(steps[1]), ['ALTER TABLE t ADD COLUMN a with_alias']);
  assert.deepEqual(sqlOf(steps[2]), ['ALTER TABLE t ADD COLUMN v VARCHAR(7)']);
});

test('create() of an Enum built from a class prints its labels; a class inside upgrade() counts too', () => {
  const steps = upgradeSteps(`${HEADER}def upgrade():
    class Colour(enum.Enum):
        RED = enum.auto()
        GREEN = enum.auto()

    sa.Enum(Colour, name="colour").create(op.get_bind())
`);
  assert.deepEqual(sqlOf(steps[0]), ["CREATE TYPE colour AS ENUM ('RED', 'GREEN')"]);
});

test('an enum class imported from the application module is read from its source', () => {
  const steps = upgradeSteps(`${HEADER}from app.models import Level


def upgrade():
    sa.Enum(Level).create(op.get_bind())
`, {
    'app/__init__.py': '',
    'app/models.py': 'from enum import IntEnum\n\n\nclass Level(IntEnum):\n    low = 1\n    high = 2\n    top = 2\n',
  });
  assert.deepEqual(sqlOf(steps[0]), ["CREATE TYPE level AS ENUM ('low', 'high')"]);
});

test('classes the engine cannot read as an enum, and a values_callable it does not read, stay opaque', () => {
  const cases: [string, string][] = [
    ['class Flags(enum.Flag):\n    a = 1\n', 'sa.Enum(Flags, name="f")'],
    ['class Computed(enum.Enum):\n    a = compute()\n', 'sa.Enum(Computed, name="c")'],
    ['class Sunder(enum.Enum):\n    _ignore_ = ["b"]\n    a = "x"\n', 'sa.Enum(Sunder, name="s")'],
    ['class Mixed(enum.Enum):\n    a = 1\n    b = enum.auto()\n', 'sa.Enum(Mixed, name="m")'],
    ['class Model:\n    a = "x"\n', 'sa.Enum(Model, name="n")'],
    ['class Shadowed(enum.Enum):\n    a = "x"\n\n    def a(self):\n        return 1\n', 'sa.Enum(Shadowed, name="s")'],
  ];
  for (const [definition, call] of cases) {
    const steps = upgradeSteps(`${HEADER}${definition}\n\ndef upgrade():\n    op.add_column("t", sa.Column("c", ${call}))\n`);
    assert.equal(steps[0].kind, 'opaque', `${definition} ${call}`);
  }
  const reason = upgradeSteps(`${HEADER}class Plain(enum.Enum):\n    a = "x"\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("c", sa.Enum(Plain, name="p", values_callable=str)))\n`)[0];
  assert.ok(reason.kind === 'opaque' && /values_callable/.test(reason.reason), JSON.stringify(reason));
});

test('project base classes: a memberless enum base and plain mixins are read; __new__, members or _generate_next_value_ with auto() along the bases are not', () => {
  const base = `import enum


class Mixin:
    @classmethod
    def get(cls, name):
        return cls[name]


class BaseEnum(Mixin, str, enum.Enum):
    """Project base."""


class WithNew(enum.Enum):
    def __new__(cls, value):
        obj = object.__new__(cls)
        obj._value_ = value
        return obj


class WithMembers(enum.Enum):
    a = "a"


class NextValue(enum.Enum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()
`;
  const run = (definition: string): Step => upgradeSteps(`${HEADER}from app.bases import BaseEnum, WithNew, WithMembers, NextValue\n\n\n${definition}\n\ndef upgrade():\n    sa.Enum(Kind).create(op.get_bind())\n`, {
    'app/__init__.py': '',
    'app/bases.py': base,
  })[0];
  assert.deepEqual(sqlOf(run('class Kind(BaseEnum):\n    first = "1"\n    second = "2"\n')), ["CREATE TYPE kind AS ENUM ('first', 'second')"]);
  for (const definition of ['class Kind(WithNew):\n    a = 1\n', 'class Kind(WithMembers):\n    b = "b"\n', 'class Kind(NextValue):\n    a = enum.auto()\n']) {
    assert.equal(run(definition).kind, 'opaque', definition);
  }
  assert.deepEqual(sqlOf(run('class Kind(NextValue):\n    a = "x"\n')), ["CREATE TYPE kind AS ENUM ('a')"]);
});
