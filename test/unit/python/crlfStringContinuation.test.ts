// A one-quote string continued with a backslash in a file saved with CRLF line breaks: CPython
// reads `\` CR LF as an escaped line break, lezer's tokenizer took the backslash to escape the CR
// and ended the string at the LF, so a valid migration got a false python-syntax-error (and its
// SQL was refused). CPython's compile() decides every case here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { forgetOpenTrees, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { stringEnd } from '../../../server/src/python/stringEnd';
import { unclosedBracketAtEnd } from '../../../server/src/python/unclosedBracket';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

const SOURCES = [
  "x = 'SELECT a, \\\r\nb'\r\n",
  "x = r'a\\\r\nb'\r\n",
  "x = f'{1} \\\r\n{2}'\r\n",
  "x = ('a' \\\r\n     'b')\r\n",
  "def upgrade():\r\n    op.execute('UPDATE t \\\r\nSET c = 1')\r\n    op.drop_column('t', 'd')\r\n",
  "x = 1 + \\\r\n    2\r\n",
  "# a comment ending in a backslash \\\r\nx = 1\r\n",
  "if x:\r\n    y = 'a\\\r\nb'\r\n    z = 2\r\n",
  // Still errors: an unescaped line break in a one-quote string, and one after `\\` (an escaped backslash).
  "x = 'a\r\nb'\r\n",
  "x = 'a\\\\\r\nb'\r\n",
];

test('a CRLF line break escaped in a one-quote string gets the verdict of CPython', () => {
  forgetOpenTrees();
  const expected = cpythonCompileErrors(SOURCES);
  SOURCES.forEach((source, index) => {
    const problems = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
    const python = expected[index];
    assert.equal(problems.length > 0, python !== null, `${JSON.stringify(source)}: CPython says ${python?.message ?? 'nothing'}, Lens ${problems[0]?.message ?? 'nothing'}`);
  });
  assert.deepEqual(expected.map((error) => error !== null), [false, false, false, false, false, false, false, false, true, true]);
});

test('the source scanners end such a string where Python does', () => {
  const text = "x = 'a\\\r\nb' + ('c'\r\n";
  assert.equal(stringEnd(text, 4), text.indexOf("b'") + 2);
  assert.equal(stringEnd("'a\rb'", 0), -1, 'a lone CR is a line break');
  assert.deepEqual(unclosedBracketAtEnd(text), { from: text.indexOf('('), bracket: '(' });
});
