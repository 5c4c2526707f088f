/**
 * Helper functions and constants from the project's own modules, read statically: a helper that
 * only builds operations runs (its operations reported at the call), one that queries the
 * database stays opaque with that reason and the helper's name, a decorated helper stays opaque,
 * and constants that are plain data are used (copied, so one migration cannot change what the
 * next one reads). Real-Alembic parity of these idioms is in the corpus tier (test/diff/corpus.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Operation, Step } from '../../../server/src/engine/ops';
import { workspaceWith } from '../../support/workspaceFolder';

function workspace(files: Record<string, string>): string {
  return workspaceWith('lens-helpers-', files);
}

const UTILS = `import sqlalchemy as sa
from alembic import op

from .constants import AUDIT_COLUMNS


def add_audit_columns(table, schema=None):
    for name in AUDIT_COLUMNS:
        op.add_column(table, sa.Column(name, sa.DateTime(), nullable=True), schema=schema)
    return len(AUDIT_COLUMNS)


def fetch_ids(table):
    return [row[0] for row in op.get_bind().execute(sa.text("SELECT id FROM " + table))]


def outer(table):
    inner(table)


def inner(table):
    op.create_index("ix_" + table + "_created", table, ["created_at"])


def raise_if_offline(fn):
    return fn


@raise_if_offline
def decorated(table):
    op.drop_table(table)
`;

const CONSTANTS = `import os

TABLE = "accounts"
AUDIT_COLUMNS = ["created_at", "updated_at"]
LIMIT = 10 * 3
CHANGED = "first"
if os.environ.get("LEGACY"):
    CHANGED = "second"
`;

function migration(body: string, imports = 'from myapp.migration_utils import add_audit_columns, fetch_ids, outer, decorated\nfrom myapp.constants import TABLE, AUDIT_COLUMNS, LIMIT\nfrom myapp import migration_utils'): string {
  return `from alembic import op\nimport sqlalchemy as sa\n${imports}\n\n\ndef upgrade():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
}

function operations(steps: Step[]): Operation[] {
  return steps.flatMap((step) => (step.kind === 'operation' ? [step.operation] : []));
}

function opaqueReasons(steps: Step[]): string[] {
  return steps.flatMap((step) => (step.kind === 'opaque' ? [step.reason] : []));
}

const root = workspace({
  'myapp/__init__.py': '',
  'myapp/migration_utils.py': UTILS,
  'myapp/constants.py': CONSTANTS,
  'migrations/versions/a1_first.py': '',
});
const file = path.join(root, 'migrations', 'versions', 'a1_first.py');

test('a helper that builds operations runs; its operations are reported at the call in the migration', () => {
  const text = migration('count = add_audit_columns("users", schema="app")\nop.execute("SELECT %d" % count)\nmigration_utils.outer("orders")');
  const result = interpretMigration(file, text);
  const steps = result.upgrade!.steps;
  assert.deepEqual(opaqueReasons(steps), []);
  const ops = operations(steps);
  assert.deepEqual(
    ops.map((op) => [op.kind, op.kind === 'addColumn' ? op.column.name : op.kind === 'createIndex' ? op.index.name : undefined]),
    [['addColumn', 'created_at'], ['addColumn', 'updated_at'], ['execute', undefined], ['createIndex', 'ix_orders_created']],
  );
  assert.deepEqual(ops[2].kind === 'execute' ? ops[2].sql : undefined, { kind: 'text', sql: 'SELECT 2' });
  // Both add_column calls happen in the helper: they point at the call, the first line of upgrade() (0-based 8).
  assert.deepEqual(ops.slice(0, 2).map((op) => op.range?.start.line), [8, 8]);
  assert.equal(ops[3].range?.start.line, 10);
  assert.ok((result.dependencies ?? []).some((dependency) => dependency.path.endsWith('migration_utils.py')));
});

test('a helper that queries the database stays opaque with that reason and the helper named', () => {
  const result = interpretMigration(file, migration('ids = fetch_ids("users")\nop.execute("SELECT 1")'));
  const reasons = opaqueReasons(result.upgrade!.steps);
  assert.equal(reasons.length, 1);
  assert.match(reasons[0], /queries the database through op\.get_bind\(\)/);
  assert.match(reasons[0], /in fetch_ids\(\) in migration_utils\.py/);
  assert.equal(operations(result.upgrade!.steps).length, 1);
});

test('a decorated helper stays opaque: the decorator may change what it does', () => {
  const result = interpretMigration(file, migration('decorated("users")'));
  assert.match(opaqueReasons(result.upgrade!.steps)[0] ?? '', /decorated helper decorated\(\) in migration_utils\.py/);
  assert.deepEqual(operations(result.upgrade!.steps), []);
});

test('workspace constants that are plain data are used, and copied for each use', () => {
  const first = interpretMigration(file, migration('AUDIT_COLUMNS.append("deleted_at")\nop.create_table(TABLE, *[sa.Column(name, sa.Integer()) for name in AUDIT_COLUMNS])\nop.execute("SELECT %d" % LIMIT)'));
  const created = operations(first.upgrade!.steps)[0];
  assert.equal(created.kind, 'createTable');
  assert.equal(created.kind === 'createTable' ? created.table : '', 'accounts');
  assert.deepEqual(created.kind === 'createTable' ? created.columns.map((column) => column.name) : [], ['created_at', 'updated_at', 'deleted_at']);
  assert.deepEqual(operations(first.upgrade!.steps)[1].kind === 'execute' ? (operations(first.upgrade!.steps)[1] as { sql: unknown }).sql : undefined, { kind: 'text', sql: 'SELECT 30' });
  const second = interpretMigration(file, migration('op.create_table(TABLE, *[sa.Column(name, sa.Integer()) for name in AUDIT_COLUMNS])'));
  const again = operations(second.upgrade!.steps)[0];
  assert.deepEqual(again.kind === 'createTable' ? again.columns.map((column) => column.name) : [], ['created_at', 'updated_at'], 'the first migration appended to its own copy');
});

test('a name the workspace does not define keeps the application-code reason', () => {
  const result = interpretMigration(file, migration('migration_utils.missing("users")'));
  assert.match(opaqueReasons(result.upgrade!.steps)[0] ?? '', /calls into application code: migration_utils\.missing/);
});

test('a constant the module rebinds where the engine does not follow is not used', () => {
  const result = interpretMigration(file, migration('op.drop_table(CHANGED)', 'from myapp.constants import CHANGED'));
  assert.deepEqual(operations(result.upgrade!.steps), []);
  assert.match(opaqueReasons(result.upgrade!.steps)[0] ?? '', /myapp\.constants\.CHANGED/);
});

test('module constants bound by chained and unpacking assignments are used; ones the module changes in place are not (the real Python is the oracle)', () => {
  // openstack/cyborg's constants: `ARQ_STATES = (ARQ_INITIAL, ...) = ('Initial', ...)`.
  const constants = [
    'X = "plain"',
    'C = D = "z"',
    '(E, F) = ("e", "f")',
    'G, H = "g", "h"',
    'S = (A, B) = ("a", "b")',
    'NAMES = ["a"]',
    'NAMES.append("b")',
    'TABLE = {"k": "v"}',
    'def fill():',
    '    TABLE["k"] = "w"',
    'fill()',
    'R = "one"',
    'R = "two"',
  ].join('\n');
  const names = ['X', 'C', 'D', 'E', 'F', 'G', 'H', 'S[0]', 'A', 'B', 'NAMES[-1]', 'TABLE["k"]', 'R'];
  const root = workspace({ 'myapp/__init__.py': '', 'myapp/consts.py': `${constants}\n` });
  const python = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';
  assert.ok(fs.existsSync(python), `ALEMBIC_PYTHON (${python}) is missing: this test asks the real Python`);
  const expected = execFileSync(python, ['-c', `from myapp import consts\n${names.map((name) => `print(consts.${name})`).join('\n')}\n`], { cwd: root, encoding: 'utf8' }).trim().split('\n');
  const body = names.map((name) => `    op.execute("SELECT '%s'" % consts.${name})`).join('\n');
  const source = `from alembic import op\nfrom myapp import consts\n\n\ndef upgrade():\n${body}\n`;
  const steps = interpretMigration(path.join(root, 'versions', 'm.py'), source).upgrade!.steps;
  const printed = steps.map((step) => (step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql.replace(/^SELECT '(.*)'$/, '$1') : 'OPAQUE'));
  names.forEach((name, at) => {
    if (printed[at] !== 'OPAQUE') assert.equal(printed[at], expected[at], `consts.${name}`);
  });
  // Bound once and never changed: each is used.
  assert.deepEqual(printed.slice(0, 10), expected.slice(0, 10));
  // Changed in place (at the top, or by a function the module calls) or bound twice: never the first value.
  assert.deepEqual(printed.slice(10), ['OPAQUE', 'OPAQUE', 'OPAQUE']);
});
