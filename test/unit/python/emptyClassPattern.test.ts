// A class pattern of no arguments (`case str():`, valid since Python 3.10) is not accepted by
// lezer's grammar (1.1.19): it leaves an empty error in an empty literal pattern between the
// parentheses. tracecat's migrations match on `case str():` in a helper, and check called them
// broken. The empty argument list is read as valid; other mistakes in patterns stay errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { containsError, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';

const problemsOf = (source: string) => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).map((problem) => `${problem.range.start.line}:${problem.range.start.character}`);

test('a class pattern of no arguments is no syntax error, alone, dotted, captured or nested', () => {
  const source = 'def kind(value):\n    match value:\n        case str():\n            return 1\n        case a.B():\n            return 2\n        case {"k": str() as x}:\n            return x\n        case [int(), *rest]:\n            return rest\n        case int(n) if n > 0:\n            return 3\n';
  assert.deepEqual(problemsOf(source), []);
  assert.equal(containsError(parsePython(source).topNode), false);
});

test('a broken pattern stays a syntax error', () => {
  assert.notDeepEqual(problemsOf('match v:\n    case str(,):\n        pass\n'), []);
  assert.notDeepEqual(problemsOf('match v:\n    case (:\n        pass\n'), []);
});
