// Python 2 statements lezer's grammar still accepts (`print "x"`, `except A, e:`) are syntax
// errors to Python 3, where Alembic imports the file: cuckoo's and osm-tasking-manager2's
// migrations were read as valid. Each case is also compiled by the real Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/common/range';
import { forgetOpenTrees, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';
const problemsOf = (source: string) => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).map((problem) => ({ at: `${problem.range.start.line}:${problem.range.start.character}`, message: problem.message }));

function pythonError(source: string): string | undefined {
  const result = spawnSync(PYTHON, ['-c', 'import sys\ntry:\n    compile(sys.stdin.read(), "m.py", "exec")\nexcept SyntaxError as e:\n    print(e.msg)'], { input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.stdout.trim() || undefined;
}

test('print statements and except with a comma are syntax errors with Python 3 messages', () => {
  forgetOpenTrees();
  const cases: [string, string, string][] = [
    ['def upgrade():\n    print "hello"\n', '1:4', "Missing parentheses in call to 'print'. Did you mean print(...)?"],
    ['def downgrade():\n    try:\n        pass\n    except ValueError, e:\n        pass\n', '3:4', 'multiple exception types must be parenthesized'],
  ];
  for (const [source, at, message] of cases) {
    assert.equal(pythonError(source), message, `Python says so for ${JSON.stringify(source)}`);
    assert.deepEqual(problemsOf(source), [{ at, message: `Syntax error: ${message} (Python 2)` }]);
  }
});

test('their Python 3 forms are no syntax error', () => {
  forgetOpenTrees();
  for (const source of ['def upgrade():\n    print("hello")\n', 'try:\n    pass\nexcept (ValueError, KeyError) as e:\n    pass\nexcept ValueError:\n    pass\n']) {
    assert.equal(pythonError(source), undefined);
    assert.deepEqual(problemsOf(source), []);
  }
});
