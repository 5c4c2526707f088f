/**
 * `server_default=True` (a Python bool) is refused by SQLAlchemy: DefaultClause takes a string,
 * sa.text() or a SQL expression, and raises ArgumentError for a bool, so Alembic fails where the
 * engine printed `DEFAULT true` (hasgeek/funnel's b553db89a76e downgrade). sa.true() is the
 * expression meant; alter_column's `server_default=False` means "unchanged", and
 * existing_server_default is only compared by Alembic, never built into a DefaultClause.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

function stepsOf(body: string): { steps: string[]; problems: string[] } {
  const source = `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n`;
  const interpreted = interpretMigration('/virtual/m.py', source);
  const steps = interpreted.upgrade!.steps.map((step: Step) => {
    if (step.kind === 'opaque') return `OPAQUE: ${step.reason}`;
    if (step.kind !== 'operation') return step.kind;
    return renderOperation(step.operation, { file: 'm.py' }).statements.join('; ');
  });
  return { steps, problems: interpreted.problems.map((problem) => `${problem.code} ${problem.severity}: ${problem.message}`) };
}

test('SQLAlchemy refuses a bool as server_default (the oracle, run here)', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real SQLAlchemy`);
  const verdicts = execFileSync(PYTHON, ['-c', 'import sqlalchemy as sa\nfor v in (True, False, sa.true(), "x"):\n    try:\n        sa.Column("c", sa.Boolean, server_default=v); print("ok")\n    except sa.exc.ArgumentError:\n        print("refused")\n'], { encoding: 'utf8' });
  assert.deepEqual(verdicts.trim().split('\n'), ['refused', 'refused', 'ok', 'ok']);
});

test('alter_column(server_default=True) is an invalid-arguments error; False leaves the default alone', () => {
  const refused = stepsOf('    op.alter_column("t", "flag", server_default=True)');
  assert.match(refused.steps[0], /^OPAQUE: invalid arguments to op\.alter_column: .*server_default=True is refused by SQLAlchemy \(ArgumentError.*sa\.true\(\)\)/);
  assert.ok(refused.problems.some((problem) => /^invalid-operation-arguments error: .*server_default=True is refused/.test(problem)), refused.problems.join('\n'));
  assert.deepEqual(stepsOf('    op.alter_column("t", "flag", server_default=False, nullable=False)').steps, ['ALTER TABLE t ALTER COLUMN flag SET NOT NULL']);
  assert.deepEqual(stepsOf('    op.alter_column("t", "flag", server_default=sa.true())').steps, ['ALTER TABLE t ALTER COLUMN flag SET DEFAULT true']);
  assert.deepEqual(stepsOf('    op.alter_column("t", "flag", nullable=False, existing_server_default=True)').steps, ['ALTER TABLE t ALTER COLUMN flag SET NOT NULL']);
});

test('sa.Column(server_default=False) handed to an operation is an invalid-arguments error, not a run-time unknown', () => {
  const { steps, problems } = stepsOf('    op.add_column("t", sa.Column("flag", sa.Boolean(), server_default=False))');
  assert.match(steps[0], /^OPAQUE: invalid arguments to op\.add_column: server_default=False is refused by SQLAlchemy \(ArgumentError.*sa\.false\(\)\)/);
  assert.ok(problems.some((problem) => /^invalid-operation-arguments error: server_default=False is refused/.test(problem)), problems.join('\n'));
  const table = stepsOf('    op.create_table("t", sa.Column("id", sa.Integer()), sa.Column("flag", sa.Boolean(), server_default=True))');
  assert.ok(table.problems.some((problem) => /^invalid-operation-arguments error: server_default=True is refused/.test(problem)), table.problems.join('\n'));
  // A value known only at run time stays what it was: an opaque step, no error.
  const unknown = stepsOf('    op.add_column("t", sa.Column("flag", sa.Boolean(), server_default=compute()))');
  assert.match(unknown.steps[0], /^OPAQUE: /);
  assert.ok(!unknown.problems.some((problem) => problem.startsWith('invalid-operation-arguments')), unknown.problems.join('\n'));
  assert.deepEqual(stepsOf('    op.add_column("t", sa.Column("flag", sa.Boolean(), server_default=sa.false()))').steps, ['ALTER TABLE t ADD COLUMN flag BOOLEAN DEFAULT false']);
});
