/**
 * The branches of an `if` on a run-time condition are read for what they may do (the safety lint
 * learns the indexes they may make), without changing what the rest of the function sees: the
 * `if` stays one opaque step, nothing it reports is kept, and no list, dict or module name it
 * would change is changed (an alias of a list the branch appends to keeps its items).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

const SOURCE = `from alembic import op
import sqlalchemy as sa

COUNTER = 0


def _bump():
    global COUNTER
    COUNTER = 1


def upgrade():
    columns = [sa.Column("id", sa.Integer(), primary_key=True)]
    same = columns
    names = {"table": "t"}
    alias = names
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1")).scalar():
        columns.append(sa.Column("extra", sa.Text()))
        names["table"] = "other"
        _bump()
        op.create_index("ix_t_id", "t", ["id"])
        op.add_column("t", sa.Column("x", sa.Integer(), sa.ForeignKey("nowhere")), schema=1)
    op.create_table(alias["table"], *same)
    op.execute(f"SELECT {COUNTER}")
`;

test('reading a run-time branch changes nothing the function sees after it', () => {
  const file = migrationPathIn(workspaceWith('lens-mayrun-', {}));
  const result = interpretMigration(file, SOURCE);
  const steps = result.upgrade!.steps;
  const opaque = steps.filter((step) => step.kind === 'opaque');
  assert.equal(opaque.length >= 1, true);
  const branch = opaque.find((step) => step.kind === 'opaque' && step.source.startsWith('if '));
  assert.ok(branch && branch.kind === 'opaque' && branch.mayRun, 'the if carries the steps its branch may give');
  assert.equal(branch.mayRun!.some((step) => step.kind === 'operation' && step.operation.kind === 'createIndex'), true);
  const rendered = steps.flatMap((step) => (step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements : []));
  assert.deepEqual(rendered, ['CREATE TABLE t (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n)', 'SELECT 0']);
  // What the branch would report (its add_column's schema=1) is not the function's problem.
  assert.equal(result.problems.some((problem) => problem.range.start.line === 21), false, JSON.stringify(result.problems));
});

const LOOPED = `from alembic import op
import sqlalchemy as sa


def upgrade():
    for i in range(300):
        if op.get_bind().execute(sa.text("SELECT 1")).scalar():
            for j in range(100):
                op.execute("SELECT 1")
`;

test('the readings of run-time branches share one budget per function', () => {
  const file = migrationPathIn(workspaceWith('lens-mayrun-budget-', {}));
  const branches = interpretMigration(file, LOOPED).upgrade!.steps.filter((step) => step.kind === 'opaque' && step.source.startsWith('if '));
  assert.equal(branches.length, 300);
  assert.ok(branches[0].kind === 'opaque' && branches[0].mayRun !== undefined, 'the first is read');
  assert.ok(branches[299].kind === 'opaque' && branches[299].mayRun === undefined, 'the budget is spent before the last');
});
