/**
 * What a migration's editor shows for the keywords BatchOperations passes itself (differential
 * coverage of the SQL is in test/diff/batch-op-supplied-arguments.test.ts): a clash is an
 * invalid-operation-arguments error on the keyword, and a `schema=` that create_unique_constraint
 * and create_exclude_constraint overwrite with the batch's is a warning, not silence, since the
 * constraint lands on another table than the one written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';

function interpret(body: string): { steps: string[]; problems: string[]; source: string; interpreted: ReturnType<typeof interpretMigration> } {
  const source = `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n`;
  const interpreted = interpretMigration('/virtual/m.py', source);
  const steps = interpreted.upgrade!.steps.map((step: Step) => {
    if (step.kind === 'opaque') return `OPAQUE${step.raises ? ' (raises)' : ''}: ${step.reason}`;
    if (step.kind !== 'operation') return step.kind;
    return renderOperation(step.operation, { file: 'm.py' }).statements.join('; ');
  });
  return { steps, problems: interpreted.problems.map((problem) => `${problem.code} ${problem.severity}: ${problem.message}`), source, interpreted };
}

test('a keyword the batch passes itself is an error on that keyword, and the step raises', () => {
  const { steps, problems, source, interpreted } = interpret('    with op.batch_alter_table("bt") as batch_op:\n        batch_op.create_index("ix", ["c"], schema="x")');
  assert.equal(steps.length, 1);
  assert.match(steps[0], /^OPAQUE \(raises\): invalid arguments to batch_op\.create_index: batch_op\.create_index\(\) got multiple values for keyword argument 'schema'/);
  assert.deepEqual(problems.filter((problem) => problem.startsWith('invalid-operation-arguments')).length, 1);
  const problem = interpreted.problems.find((candidate) => candidate.code === 'invalid-operation-arguments')!;
  assert.equal(problem.severity, 'error');
  const lines = source.split('\n');
  assert.equal(lines[problem.range.start.line].slice(problem.range.start.character, problem.range.end.character), '"x"');
});

test('schema= given to create_unique_constraint in a batch is replaced by the batch\'s, with a warning; the same schema is no warning', () => {
  const replaced = interpret('    with op.batch_alter_table("bt", schema="s") as batch_op:\n        batch_op.create_unique_constraint("uq", ["c"], schema="x")');
  assert.deepEqual(replaced.steps, ['ALTER TABLE s.bt ADD CONSTRAINT uq UNIQUE (c)']);
  assert.ok(replaced.problems.some((problem) => /^invalid-operation-arguments warning: batch_op\.create_unique_constraint\(\) ignores schema=.*\("s"\)/.test(problem)), replaced.problems.join('\n'));
  const same = interpret('    with op.batch_alter_table("bt", schema="s") as batch_op:\n        batch_op.create_unique_constraint("uq", ["c"], schema="s")\n    with op.batch_alter_table("bt") as batch_op:\n        batch_op.create_exclude_constraint("ex", ("c", "="), schema=None)');
  assert.deepEqual(same.steps, ['ALTER TABLE s.bt ADD CONSTRAINT uq UNIQUE (c)', 'ALTER TABLE bt ADD CONSTRAINT ex EXCLUDE USING gist (c WITH =)']);
  assert.deepEqual(same.problems.filter((problem) => problem.startsWith('invalid-operation-arguments')), []);
});
