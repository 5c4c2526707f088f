/**
 * The interpreter's contract, checked directly: the shape of the result, exact ranges that
 * point at the call text, registered problem codes, and the problem message format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { ENGINE_CODES } from '../../../server/src/diagnostics/codes/engine';
import { caseFiles, loadCases } from './fixtureCases';

const SOURCE = `"""doc"""
from alembic import op
import sqlalchemy as sa


def upgrade(op, tables) -> None:
    op.create_table(
        "t",
        sa.Column("id", sa.Integer, primary_key=True),
    )
    op.sync_enum_values("public", "e", ["a"])


def downgrade():
    op.drop_table("t")
`;

function textAt(source: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = new LineIndex(source);
  return source.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

test('functions carry their steps, range and parameters', () => {
  const result = interpretMigration('/m.py', SOURCE);
  assert.deepEqual(result.upgrade?.params, ['op', 'tables']);
  assert.deepEqual(result.downgrade?.params, []);
  assert.ok(textAt(SOURCE, result.upgrade!.range).startsWith('def upgrade(op, tables) -> None:'));
  assert.ok(textAt(SOURCE, result.downgrade!.range).trimEnd().endsWith('op.drop_table("t")'));
});

test('every operation and opaque step points exactly at its call', () => {
  const result = interpretMigration('/m.py', SOURCE);
  const [create, custom] = result.upgrade!.steps as Step[];
  assert.equal(create.kind, 'operation');
  if (create.kind === 'operation') assert.ok(textAt(SOURCE, create.operation.range!).startsWith('op.create_table(\n'));
  if (create.kind === 'operation' && create.operation.kind === 'createTable') {
    assert.equal(textAt(SOURCE, create.operation.columns[0].range!), 'sa.Column("id", sa.Integer, primary_key=True)');
  }
  assert.equal(custom.kind, 'opaque');
  if (custom.kind === 'opaque') {
    assert.equal(textAt(SOURCE, custom.range), 'op.sync_enum_values("public", "e", ["a"])');
    assert.equal(custom.source, 'op.sync_enum_values("public", "e", ["a"])');
  }
});

test('opaque steps become information problems with the documented message', () => {
  const result = interpretMigration('/m.py', SOURCE);
  assert.deepEqual(
    result.problems.map((problem) => [problem.code, problem.severity, problem.message, problem.file]),
    [['opaque-step', 'information', 'the engine cannot interpret this statement: custom operation op.sync_enum_values (registered by a plugin; without one Python raises AttributeError: Alembic has no such operation)', '/m.py']],
  );
  assert.equal(textAt(SOURCE, result.problems[0].range), 'op.sync_enum_values("public", "e", ["a"])');
});

test('every code any fixture produces is registered with the engine codes', () => {
  const registered = new Set(ENGINE_CODES.map((info) => info.code));
  const seen = new Set<string>();
  for (const file of caseFiles()) {
    for (const fixture of loadCases(file)) {
      for (const problem of interpretMigration('/f.py', fixture.source).problems) seen.add(problem.code);
    }
  }
  for (const code of seen) assert.ok(registered.has(code), `unregistered code ${code}`);
  // The fixtures exercise every code the interpreter has.
  assert.deepEqual([...seen].sort(), [...registered].sort());
});

test('a file without functions reports missing-upgrade on its first line only', () => {
  const result = interpretMigration('/m.py', 'revision = "x"\ndown_revision = None\n');
  assert.equal(result.upgrade, undefined);
  assert.deepEqual(result.problems.map((problem) => [problem.code, problem.range.start.line, problem.range.end.line]), [['missing-upgrade', 0, 0]]);
});

test('no operation leaks from module level code; calling op there is reported (Alembic cannot import the file)', () => {
  const result = interpretMigration('/m.py', 'from alembic import op\nop.drop_table("x")\ndef upgrade():\n    pass\n');
  assert.deepEqual(result.upgrade?.steps, []);
  assert.deepEqual(result.problems.map((problem) => [problem.code, problem.range.start.line]), [['operation-at-import', 1]]);
});
