/**
 * `Model.CONSTANT` of an application class: the literal its class body assigns, unless the class
 * is an enum (also through a workspace base class), is decorated, names a metaclass, or assigns
 * the attribute more than once or with an annotation. Real-Alembic parity is in the corpus tier
 * (faraday/class_constant_enum).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { renderOperation } from '../../../server/src/engine/render';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

function upgradeSteps(source: string, models: string): Step[] {
  const file = migrationPathIn(workspaceWith('lens-class-constant-', { 'app/__init__.py': '', 'app/models.py': models }));
  return interpretMigration(file, source).upgrade!.steps;
}

const MODELS = `import abc
import enum

from app.base import Base


def register(cls):
    return cls


class Plain(Base):
    KIND = "plain"
    SIZE = 40


class Child(Plain, abc.ABC):
    LABEL = "child"


class Twice:
    KIND = "a"
    KIND = "b"


class Annotated:
    KIND: str = "a"


class Shadowed:
    KIND = "a"

    def KIND(self):
        return "b"


class Conditional:
    KIND = "a"
    if True:
        KIND = "b"


@register
class Decorated:
    KIND = "a"


class Meta(metaclass=abc.ABCMeta):
    KIND = "a"


class Colour(enum.Enum):
    RED = "red"


class BaseColour(enum.Enum):
    pass


class Inherited(BaseColour):
    RED = "red"
`;

function executed(attribute: string): Step {
  const source = `from alembic import op\nfrom app import models\n\n\ndef upgrade():\n    op.execute("SELECT '%s'" % models.${attribute})\n`;
  return upgradeSteps(source, MODELS)[0];
}

test('a class body constant of an application class is its literal', () => {
  for (const [attribute, sql] of [['Plain.KIND', "SELECT 'plain'"], ['Child.LABEL', "SELECT 'child'"]]) {
    const step = executed(attribute);
    assert.equal(step.kind, 'operation', `${attribute}: ${step.kind === 'opaque' ? step.reason : ''}`);
    if (step.kind === 'operation') assert.deepEqual(renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements, [sql]);
  }
});

test('enum members, decorated or metaclass classes, reassigned or annotated attributes stay opaque', () => {
  for (const attribute of ['Twice.KIND', 'Annotated.KIND', 'Shadowed.KIND', 'Conditional.KIND', 'Decorated.KIND', 'Meta.KIND', 'Colour.RED', 'Inherited.RED', 'Plain.MISSING']) {
    assert.equal(executed(attribute).kind, 'opaque', attribute);
  }
});

test('an attribute the module assigns again after the class stays opaque', () => {
  const source = `from alembic import op\nfrom app.models import Plain\n\n\ndef upgrade():\n    op.execute("SELECT '%s'" % Plain.KIND)\n`;
  const steps = upgradeSteps(source, 'class Plain:\n    KIND = "plain"\n\n\nPlain.KIND = "patched"\n');
  assert.equal(steps[0].kind, 'opaque');
  assert.equal(upgradeSteps(source, 'class Plain:\n    KIND = "plain"\n')[0].kind, 'operation');
});
