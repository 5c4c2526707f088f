/**
 * Objects of the project's plain classes (pythonClasses.ts) and the arguments a custom env.py
 * passes to `upgrade(op, tester)` (environmentArguments.ts): ABCMeta's abstract methods, a class
 * decorator that derives the class with `type(name, bases, namespace)`, `six.add_metaclass`,
 * static methods, and environment variables read as the engine's own. Real-Alembic parity is in
 * the corpus tier (quay-tester/seeder_argument).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { dependenciesUnchanged } from '../../../server/src/project/pythonModules';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

const VARIABLE = 'ALEMBIC_LENS_TEST_PYTHON_CLASSES';

const HELPERS = `from abc import ABCMeta, abstractmethod
from six import add_metaclass
from alembic import op
from support.fill import noops


class Values(object):
    @staticmethod
    def Row(table):
        def read():
            return op.get_bind().execute("SELECT 1")
        return read


@add_metaclass(ABCMeta)
class Tester(object):
    Value = Values

    @abstractmethod
    def fill(self, table, fields):
        """Writes test data."""

    @abstractmethod
    def testing(self):
        """Whether test data is written."""


@noops
class Noop(Tester):
    """Writes nothing."""


class Real(Tester):
    def fill(self, table, fields):
        op.get_bind().execute("INSERT INTO %s DEFAULT VALUES" % table)

    def testing(self):
        return True


class WithInit(object):
    def __init__(self):
        self.ready = True
`;

const FILL = `def noops(cls):
    def nothing(*args, **kwargs):
        pass

    methods = {name: nothing for name in cls.__abstractmethods__}
    if not methods:
        raise TypeError(cls)
    return type(cls.__name__, (cls,), methods)
`;

function envPy(expression: string, extra = ''): string {
  return `import os
from alembic import context
from alembic import op as alembic_op
from support.helpers import Noop, Real, Tester, WithInit
from app import settings


def url():
    return settings.get("URL")


def get_tester():
    address = url()
    if os.environ.get("${VARIABLE}", "") == "true":
        return Real()
    return Noop()
${extra}

def offline():
    context.run_migrations(op=alembic_op, tester=${expression})


def online():
    context.run_migrations(op=alembic_op, tester=${expression})
`;
}

const MIGRATION = `import sqlalchemy as sa


def upgrade(op, tester):
    op.add_column("t", sa.Column("x", sa.Integer()))
    tester.fill("t", [("a", tester.Value.Row("u"))])
    if tester.testing():
        op.execute("SELECT 1")
`;

function interpret(env: string, migration = MIGRATION) {
  const file = migrationPathIn(workspaceWith('lens-classes-', { 'migrations/env.py': env, 'support/__init__.py': '', 'support/helpers.py': HELPERS, 'support/fill.py': FILL, 'app/__init__.py': 'settings = load()\n' }));
  return interpretMigration(file, migration);
}

function kinds(steps: { kind: string; reason?: string }[]): string[] {
  return steps.map((step) => (step.kind === 'opaque' ? `opaque: ${step.reason}` : step.kind));
}

test('a no-op object env.py passes (decorator, type(), ABCMeta) makes its method calls do nothing', () => {
  delete process.env[VARIABLE];
  const result = interpret(envPy('get_tester()'));
  assert.deepEqual(kinds(result.upgrade!.steps), ['operation']);
  // The result depends on the variable env.py read, so a cache notices when it is set.
  assert.ok(result.dependencies?.some((dependency) => dependency.path === `env:${VARIABLE}`));
  assert.equal(dependenciesUnchanged(result.dependencies!), true);
  process.env[VARIABLE] = 'true';
  try {
    assert.equal(dependenciesUnchanged(result.dependencies!), false);
  } finally {
    delete process.env[VARIABLE];
  }
});

test('with the variable set, env.py passes the other object, whose methods run', () => {
  process.env[VARIABLE] = 'true';
  try {
    // fill() runs op.get_bind().execute(text): printed offline, refused online (a plain string);
    // testing() is True, so the op.execute() under it runs.
    assert.deepEqual(kinds(interpret(envPy('get_tester()')).upgrade!.steps), ['operation', 'modeBranch', 'operation']);
  } finally {
    delete process.env[VARIABLE];
  }
});

test('an abstract class, a class with __init__, and an unknown choice leave the argument unknown', () => {
  delete process.env[VARIABLE];
  assert.match(kinds(interpret(envPy('Tester()')).upgrade!.steps)[1], /uses the argument tester that the environment passes/);
  assert.match(kinds(interpret(envPy('WithInit()')).upgrade!.steps)[1], /uses the argument tester that the environment passes/);
  const unknownChoice = envPy('choose()', '\ndef choose():\n    if settings.get("SEED"):\n        return Real()\n    return Noop()\n');
  assert.match(kinds(interpret(unknownChoice).upgrade!.steps)[1], /uses the argument tester that the environment passes/);
});

test('a name the function around run_migrations() binds itself is not read from the module', () => {
  delete process.env[VARIABLE];
  const env = envPy('get_tester()').replace('def offline():\n', 'def offline():\n    get_tester = lambda: Real()\n');
  assert.match(kinds(interpret(env).upgrade!.steps)[1], /uses the argument tester that the environment passes/);
});

test('os.environ.get, os.getenv and os.environ[...] read the engine\'s environment', () => {
  const migration = `import os
from alembic import op


def upgrade():
    op.execute("SELECT '%s'" % os.environ.get("${VARIABLE}", "unset"))
    op.execute("SELECT '%s'" % os.getenv("${VARIABLE}"))
    op.execute("SELECT '%s'" % os.environ["${VARIABLE}"])
`;
  delete process.env[VARIABLE];
  const unset = interpretMigration(migrationPathIn(workspaceWith('lens-environ-', {})), migration).upgrade!.steps;
  assert.deepEqual(unset.map((step) => step.kind), ['operation', 'operation', 'opaque']);
  if (unset[2].kind === 'opaque') assert.match(unset[2].reason, /not set \(Python raises KeyError\)/);
  process.env[VARIABLE] = 'on';
  try {
    const set = interpretMigration(migrationPathIn(workspaceWith('lens-environ-', {})), migration).upgrade!.steps;
    assert.deepEqual(set.map((step) => step.kind), ['operation', 'operation', 'operation']);
    if (set[0].kind === 'operation' && set[0].operation.kind === 'execute') assert.match(JSON.stringify(set[0].operation), /SELECT 'on'/);
  } finally {
    delete process.env[VARIABLE];
  }
});

test('a dict comprehension over a set that runs operations stays unknown (the set decides their order)', () => {
  const migration = `from alembic import op


def upgrade():
    done = {name: op.execute("SELECT '%s'" % name) for name in {"a", "b"}}
`;
  const steps = interpretMigration(migrationPathIn(workspaceWith('lens-setdict-', {})), migration).upgrade!.steps;
  assert.deepEqual(kinds(steps), ['opaque: a dict comprehension over a set runs its items in an order decided at run time (Python randomises string hashing)']);
});
