// A last line of only spaces or tabs with no line break after it (sbc-pay's
// 51d45022f722_payment_account_credit_zero_if_null.py ends so): Python's tokenizer reads a blank
// line, lezer's grammar (1.1.19) an indentation matching no open block, and check reported a
// python-syntax-error on a file Alembic loads. Each case is also compiled by the real Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/common/range';
import { forgetOpenTrees, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { withBlankLastLine } from '../../../server/src/python/trailingBlankLine';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';
const problemsOf = (source: string): string[] => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).map((problem) => `${problem.range.start.line}:${problem.range.start.character}`);

function pythonCompiles(source: string): boolean {
  const result = spawnSync(PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "m.py", "exec")'], { input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0;
}

const VALID = [
  'def upgrade():\n    pass\n\ndef downgrade():\n  pass\n   ',
  'def upgrade():\n    if True:\n        pass\n\ndef downgrade():\n    pass\n      ',
  'def upgrade():\n    pass\n# c\n\t',
  'def upgrade():\r\n    pass\r\n  ',
];

test('a whitespace-only last line without a line break is blank, as Python reads it', () => {
  forgetOpenTrees();
  for (const source of VALID) {
    assert.equal(pythonCompiles(source), true, `Python compiles ${JSON.stringify(source)}`);
    assert.deepEqual(problemsOf(source), [], JSON.stringify(source));
  }
});

test('the rewrite keeps the length and touches only such a last line', () => {
  for (const source of VALID) assert.equal(withBlankLastLine(source).length, source.length);
  for (const source of ['x = 1\n', 'x = 1', 'x = 1\n  y', '   ', 'x = 1\n\n']) assert.equal(withBlankLastLine(source), source, JSON.stringify(source));
});

test('a real error on the last line stays a syntax error', () => {
  forgetOpenTrees();
  const source = 'def upgrade():\n    pass\n  x = (';
  assert.equal(pythonCompiles(source), false);
  assert.notDeepEqual(problemsOf(source), []);
});
