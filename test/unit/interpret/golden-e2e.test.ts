/**
 * End-to-end proof: every golden case (a Python `op.*` snippet and the SQL the real Alembic
 * 1.20 printed for it offline) is interpreted from its source and rendered; the text must be
 * identical. Cases Alembic refused must be refused here too (no SQL, a problem). When a
 * case carries `reverseExpected`, the reversed operation must render that text as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation, statementsToText } from '../../../server/src/engine/render';
import { reverseOperation } from '../../../server/src/engine/reverse';
import type { Operation, Step } from '../../../server/src/engine/ops';

interface GoldenCase {
  name: string;
  python: string;
  options?: { paramstyle?: 'named' | 'pyformat' };
  expected?: string;
  reverseExpected?: string;
  error?: string;
}

const document = JSON.parse(readFileSync(join(__dirname, '../../fixtures/golden/cases.json'), 'utf8')) as {
  prelude: string;
  cases: GoldenCase[];
};

function operationsOf(steps: Step[]): { operations: Operation[]; opaque: string[] } {
  const operations: Operation[] = [];
  const opaque: string[] = [];
  for (const step of steps) {
    if (step.kind === 'operation') operations.push(step.operation);
    else if (step.kind === 'opaque') opaque.push(step.reason);
    else if (step.kind === 'autocommit') {
      const inner = operationsOf(step.steps);
      operations.push(...inner.operations);
      opaque.push(...inner.opaque);
    } else opaque.push('unexpected mode branch');
  }
  return { operations, opaque };
}

/** Indents the snippet into `def upgrade():`, leaving lines inside triple-quoted strings alone. */
function sourceOf(golden: GoldenCase): string {
  let insideString = false;
  const body = golden.python
    .split('\n')
    .map((line) => {
      const indented = insideString ? line : `    ${line}`;
      if (((line.match(/"""|'''/g) ?? []).length) % 2 === 1) insideString = !insideString;
      return indented;
    })
    .join('\n');
  return `${document.prelude}\n\ndef upgrade():\n${body}\n`;
}

test('the golden fixture is present and large', () => {
  assert.ok(document.cases.length >= 80, `only ${document.cases.length} golden cases`);
});

for (const golden of document.cases) {
  test(`golden e2e: ${golden.name}`, () => {
    const interpreted = interpretMigration('/golden.py', sourceOf(golden));
    const { operations, opaque } = operationsOf(interpreted.upgrade?.steps ?? []);
    const context = { file: '/golden.py', paramstyle: golden.options?.paramstyle };
    const results = operations.map((operation) => renderOperation(operation, context));
    const problems = [...interpreted.problems, ...results.flatMap((result) => result.problems)];
    if (golden.expected === undefined) {
      // Alembic refused it; the engine must not print SQL for it either.
      const printed = opaque.length === 0 && problems.length === 0 && results.every((result) => result.statements.length > 0);
      assert.equal(printed, false, `Alembic refused this case (${golden.error}) but the engine rendered it`);
      return;
    }
    assert.deepEqual(opaque, [], 'no opaque steps');
    // Warnings (e.g. `:name` read as a bind parameter) may accompany SQL Alembic prints anyway.
    const errors = problems.filter((problem) => problem.severity === 'error');
    assert.deepEqual(errors.map((problem) => `${problem.code}: ${problem.message}`), []);
    assert.equal(results.map((result) => statementsToText(result.statements)).join(''), golden.expected);
    // Some reverses need more than the call holds (drop_table's columns); those are skipped here.
    const reversed = operations.length === 1 ? reverseOperation(operations[0]) : undefined;
    if (golden.reverseExpected !== undefined && reversed) {
      const rendered = renderOperation(reversed, context);
      assert.equal(statementsToText(rendered.statements), golden.reverseExpected);
    }
  });
}
