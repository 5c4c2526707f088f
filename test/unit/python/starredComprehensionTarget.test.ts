// A starred target in a comprehension's `for` (`{t for t, *_ in pairs}`, valid Python 3) is not
// accepted by lezer's grammar: it makes the `*` an error node. Aether's migration builds its list
// of tables so, and check called the file broken. The starred target is read as valid (and bound
// like `first, *rest = ...`: test/fixtures/interpret/control.cases.py); other mistakes stay errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { containsError, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';

const problemsOf = (source: string) => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).map((problem) => `${problem.range.start.line}:${problem.range.start.character}`);

test('a starred target in a set, list, dict or generator comprehension is no syntax error', () => {
  const source = 'A = {t for t, *_ in P}\nB = [t for *_, t in P]\nC = {k: v for k, *v in P}\nD = list(t for t, *_ in P)\n';
  assert.deepEqual(problemsOf(source), []);
  assert.equal(containsError(parsePython(source).topNode), false);
});

test('a stray star elsewhere in a comprehension stays a syntax error', () => {
  assert.notDeepEqual(problemsOf('A = [t for t in * P]\n'), []);
  assert.notDeepEqual(problemsOf('A = [t for t in P if *x]\n'), []);
});
