/**
 * Members of enum classes the engine reads (enumMembers.ts): `.value`, `.name`, an alias standing
 * for the member it repeats, iteration in definition order, a class of the project's modules, and
 * what stays unknown (an auto() value, a member's truth). Real-Alembic parity is in the corpus
 * tier (indico/enum_member_values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

function statements(steps: Step[]): string[] {
  return steps.flatMap((step) => (step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements : [`OPAQUE: ${step.kind === 'opaque' ? step.reason : step.kind}`]));
}

const MIGRATION = `import enum
from alembic import op
from app.kinds import Kind


class Color(str, enum.Enum):
    red = 'r'
    crimson = 'r'
    blue = 'b'


class Counter(enum.Enum):
    one = enum.auto()


class Falsy(int, enum.Enum):
    zero = 0


def upgrade():
    op.execute(f"SELECT '{Color.crimson.name}', '{Color.blue.value}'")
    op.execute("SELECT " + ", ".join(c.name for c in Color))
    op.execute(f"SELECT {Kind.big.value}")
    op.execute(f"SELECT {Counter.one.value}")
    if Color.red:
        op.execute("SELECT 1")
    if Falsy.zero:
        op.execute("SELECT 2")
`;

test('enum members: value, name, alias, iteration, a project class; auto() values and the truth of a falsy value stay unknown', () => {
  const file = migrationPathIn(workspaceWith('lens-members-', { 'app/__init__.py': '', 'app/kinds.py': 'from enum import IntEnum\n\n\nclass Kind(IntEnum):\n    __labels__ = ["Small", "Big"]\n    small = 1\n    big = 2\n' }));
  const out = statements(interpretMigration(file, MIGRATION).upgrade!.steps);
  assert.deepEqual(out.slice(0, 3), ["SELECT 'red', 'b'", 'SELECT red, blue', 'SELECT 2']);
  assert.match(out[3], /^OPAQUE: .*Counter\.one is computed by auto\(\) at run time/);
  assert.equal(out[4], 'SELECT 1');
  // An int mixin makes a member whose value is 0 falsy; a plain Enum's is truthy: unknown here.
  assert.match(out[5], /^OPAQUE: condition Falsy\.zero is known only at run time/);
});

test('an enum member where an operation expects a string or SQL is unknown, not an invalid argument', () => {
  const migration = `import enum
from alembic import op


class Name(str, enum.Enum):
    users = 'users'


def upgrade():
    op.drop_table(Name.users)
    op.execute(Name.users)
`;
  const result = interpretMigration(migrationPathIn(workspaceWith('lens-members-', {})), migration);
  // A str mixin makes the member a str, which Alembic takes: not an error the engine can claim.
  assert.deepEqual(result.problems.filter((problem) => problem.severity === 'error'), []);
  assert.deepEqual(statements(result.upgrade!.steps).map((line) => line.replace(/:.*/, '')), ['OPAQUE', 'OPAQUE']);
  assert.match(statements(result.upgrade!.steps)[0], /uses the enum member Name\.users/);
});
