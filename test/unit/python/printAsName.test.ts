// `print` is a name in Python 3: `print >> f, "x"`, `print -1`, `print = 3` compile, while lezer's
// grammar read each as Python 2's print statement and Lens refused the file with CPython's
// "Missing parentheses in call to 'print'". CPython's compile() decides every case here: the
// same verdict (an error or none), and the legacy message wherever CPython gives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { forgetOpenTrees, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

const LEGACY = "Missing parentheses in call to 'print'. Did you mean print(...)?";

const PYTHON3_EXPRESSIONS = [
  'print >> f, "x"', 'print >>f', 'print -1', 'print +1', 'print [1]', 'print, 1', 'print *a', 'print = 3', 'print == 3', 'print < 3',
  'print if a else b', 'print and x', 'print or x', 'print is x', 'print in x', 'print not in x', 'print, ', 'print;x', 'print : int = 3',
  'print += 1', 'print -= 1', 'print % x', 'print @ x', 'print ** 2', 'print // 2', 'print / 2', 'print | 2', 'print & 2', 'print ^ 2',
  'print << 2', 'print >>f, x,', 'print -x if a else 2', 'print >> f, "%s" % x', 'print ()', 'print .x', 'print \\\n    >> f',
  'if a: print >> f', 'x = 1; print -1',
];

const PYTHON2_STATEMENTS = [
  'print x', 'print ~x', 'print not x', 'print "a" % x', 'print lambda: 1', 'print x,', 'print {}', 'print 1 if a else 2',
  'print x y', 'print -1 2', 'print [1] 2', 'print *a b', 'print -x.', 'print -1 if', 'x = print -1 2', 'if a: print -1 2',
];

const OTHER_ERRORS = ['print -', 'print >> ', 'print [1', 'print `x`', 'print - - ', 'print - (1 2)', 'print >> f 2', 'print, 1 2', 'print ** 2 3'];

function lensVerdict(source: string): { message: string; column: number } | null {
  const [problem] = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
  if (!problem) return null;
  const message = problem.message.replace(/^Syntax ?[eE]rror: /, '').replace(/ \(Python 2\)$/, '');
  return { message, column: problem.range.start.character + 1 };
}

test('print as a Python 3 name gets the verdict of CPython, and its legacy message where CPython gives it', () => {
  forgetOpenTrees();
  const sources = [...PYTHON3_EXPRESSIONS, ...PYTHON2_STATEMENTS, ...OTHER_ERRORS].map((line) => `${line}\n`);
  const expected = cpythonCompileErrors(sources);
  sources.forEach((source, index) => {
    const python = expected[index];
    const lens = lensVerdict(source);
    const label = JSON.stringify(source);
    assert.equal(lens !== null, python !== null, `${label}: CPython says ${python?.message ?? 'nothing'}, Lens ${lens?.message ?? 'nothing'}`);
    if (python?.message === LEGACY) assert.deepEqual(lens, { message: LEGACY, column: python.column }, label);
    else if (lens) assert.notEqual(lens.message, LEGACY, `${label}: CPython says ${python?.message}`);
  });
  // The lists hold what they say: a change of CPython's verdict would show here first.
  assert.deepEqual(PYTHON3_EXPRESSIONS.map((_, index) => expected[index]), PYTHON3_EXPRESSIONS.map(() => null));
  assert.deepEqual(PYTHON2_STATEMENTS.map((_, index) => expected[PYTHON3_EXPRESSIONS.length + index]?.message), PYTHON2_STATEMENTS.map(() => LEGACY));
});

test('a print rewritten for lezer is still read as print from the real text', () => {
  forgetOpenTrees();
  const source = 'print >> f, "x"\n';
  const tree = parsePython(source);
  const name = tree.topNode.firstChild?.firstChild?.firstChild;
  assert.equal(name?.name, 'VariableName');
  assert.equal(source.slice(name.from, name.to), 'print');
});
