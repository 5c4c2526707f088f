// Escapes lezer's grammar reads and CPython refuses while decoding a string literal (`'\x4'`,
// `'\N{}'`, `'\U0011FFFF'`, `b'\x4'`, ...): the file does not compile, so Alembic cannot load it.
// Lens printed such a migration's SQL (or, past U+10FFFF, stopped with "internal error Invalid
// code point"). CPython's compile() decides every case: the same verdict, message, line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { decodeStringLiteral, forgetOpenTrees, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

const REFUSED = [
  String.raw`x = '\N'`, String.raw`x = 'ab\N{}'`, String.raw`x = '\N{BULLET'`, String.raw`x = '\N{ BULLET}'`, String.raw`x = '\N{BULLET }'`,
  String.raw`x = '\N{BUL  LET}'`, String.raw`x = '\N{-BULLET}'`, 'x = \'\\N{LATIN SMALL LETTER \u00e9}\'', 'x = \'\\N\u00e9\'', 'x = \'\\N{\u00e9\'',
  String.raw`x = '\x4'`, String.raw`x = '\x4g'`, String.raw`x = '\u12'`, String.raw`x = '\U001'`, String.raw`x = '\U0011FFFF'`, String.raw`x = '\x'`,
  'x = \'\u00e9\\x4\'', 'x = \'\\\u00e9\\x4\'', 'x = \'\u{1F600}\\x4\'', 'x = \'a\\\u00e9\\N\'', 'x = \'\\x\u00e9\'',
  String.raw`x = b'\x4'`, String.raw`x = b'ab\x'`, String.raw`x = B'\x4g'`, String.raw`x = u'\x4'`,
  "x = '''\n\\u12'''", "x = '''\\x4\n\nabc'''", "x = 'a\\\n\\x4'", "x = 'a\\\r\n\\x4'", "x = ('\\x4'\n 'a'\n 'bb')", "x = ('a'\n  '\\x4')",
  "x = 'a' \\\n  '\\x4'", String.raw`x = ('\x4' b'a')`, String.raw`x = (b'a' '\x4')`, String.raw`x = ('a' b'\x4')`, 'x = (b\'a\' \'x\' b\'\u00e9\')',
  String.raw`x = f'a{1}\x4'`, String.raw`x = f'{{\x4'`, String.raw`x = f'a{{b\x4'`, String.raw`x = f'}}\x4'`, String.raw`x = f'{1:\x4}'`,
  String.raw`x = f'\N{BULLET}\x4'`, String.raw`x = f'\N{BULLET}{1}\x4'`, String.raw`x = f'{1}\N{-X}'`, String.raw`x = f'\x4{1}'`,
  "x = f'''\n{1}\n\\x4'''", String.raw`x = (f'\x4' 'a')`, String.raw`x = f'{1:>{2}\x4}'`,
  'def upgrade():\n    op.execute("UPDATE t SET c = \'\\x4\'")\n',
];

const ACCEPTED = [
  String.raw`x = '\N{BULLET}'`, String.raw`x = '\N{bullet}'`, String.raw`x = '\N{LATIN SMALL LETTER E WITH ACUTE}'`, String.raw`x = '\777'`,
  String.raw`x = '\x41\u0041\U00000041\101'`, String.raw`x = '\d\w'`, String.raw`x = b'\u12'`, String.raw`x = b'\N{x}'`, String.raw`x = rb'\x4'`,
  String.raw`x = r'\x4'`, String.raw`x = R'\N'`, String.raw`x = rf'\x4{1}'`, String.raw`x = f'{x!r:\x41}'`, String.raw`x = f'\{{1}}'`,
  String.raw`x = '\U0010FFFF'`, String.raw`x = b'\777'`, String.raw`x = '\\x4'`, "x = 'a\\\n'",
];

function lensVerdict(source: string): { message: string; line: number; column: number } | null {
  const [problem] = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
  if (!problem) return null;
  // Lens's columns count UTF-16 units (as editors do), CPython's code points.
  const lineText = source.split('\n')[problem.range.start.line];
  const column = [...lineText.slice(0, problem.range.start.character)].length + 1;
  return { message: problem.message.replace(/^SyntaxError: /, '').replace(/\.$/, ''), line: problem.range.start.line + 1, column };
}

test('escapes CPython refuses get its message, line and column; the others none', () => {
  forgetOpenTrees();
  const sources = [...REFUSED, ...ACCEPTED].map((source) => `${source}\n`);
  const expected = cpythonCompileErrors(sources);
  sources.forEach((source, index) => {
    const python = expected[index];
    const label = JSON.stringify(source);
    assert.deepEqual(lensVerdict(source), python && { message: python.message, line: python.line, column: python.column }, label);
  });
  // The lists hold what they say: a change of CPython's verdict would show here first.
  assert.deepEqual(REFUSED.map((_, index) => expected[index] !== null), REFUSED.map(() => true));
  assert.deepEqual(ACCEPTED.map((_, index) => expected[REFUSED.length + index]), ACCEPTED.map(() => null));
});

test('a literal CPython refuses has no value, and a bytes literal keeps \\u and \\U as written', () => {
  assert.equal(decodeStringLiteral(String.raw`'\U0011FFFF'`), undefined);
  assert.equal(decodeStringLiteral(String.raw`'\x4'`), undefined);
  assert.equal(decodeStringLiteral(String.raw`'\u12'`), undefined);
  assert.equal(decodeStringLiteral(String.raw`'\U0010FFFF'`), '\u{10FFFF}');
  assert.equal(decodeStringLiteral(String.raw`b'\u0041\U00000041\x41'`), String.raw`\u0041\U00000041` + 'A');
});
