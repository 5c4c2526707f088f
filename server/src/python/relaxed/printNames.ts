/**
 * `print` as a Python 3 name at a statement's start (`print >> f, "x"`, `print -1`, `print = 3`,
 * `print, 1`, `print if a else b`), which lezer's Python grammar (1.1.19) reads as Python 2's
 * print statement whenever anything but `(` or `.` follows it: a valid file got a false
 * python-syntax-error (CPython's "Missing parentheses in call to 'print'"), which refuses `--sql`
 * for the whole file. Before lezer parses, such a `print` becomes `_rint`, a name of the same
 * length; readers take names from the real text, so they still see `print`. Where what follows
 * starts an expression (`print x`, `print "a"`, `print ~x`, `print not x`, `print {}`), CPython
 * reads Python 2's statement and refuses it: that `print` is left for lezer's print statement.
 */
import { isNameChar, wordOffsets } from './codeScan';
import { withCharacterAt } from './sameLength';

/** Characters after which `print` is an operand in Python 3: an operator or delimiter (`-`, `+`, `*`, `[` read as binary operators / a subscript first, as CPython does). */
const OPERATOR_AFTER = new Set([',', ';', '=', '<', '>', '!', ':', '%', '@', '/', '|', '&', '^', '.', '-', '+', '*', '[']);

/** Keywords after which `print` is an operand: `print if a else b`, `print and x`, `print in x`, `print not in x`. */
const KEYWORDS_AFTER = ['if', 'and', 'or', 'is', 'in'];

export function withReadablePrintNames(text: string): string {
  if (!text.includes('print')) return text;
  const offsets = wordOffsets(text, 'print').filter((at) => isPython3Name(text, at + 'print'.length));
  return withCharacterAt(text, offsets, '_');
}

/** Whether what follows a `print` ending at `end` makes it a name in Python 3. */
function isPython3Name(text: string, end: number): boolean {
  const at = nextOnLine(text, end);
  const c = text[at];
  if (c === undefined) return false;
  if (OPERATOR_AFTER.has(c)) return true;
  const word = wordAt(text, at);
  if (KEYWORDS_AFTER.includes(word)) return true;
  return word === 'not' && wordAt(text, nextOnLine(text, at + 3)) === 'in';
}

/** The first offset from `from` on that is not a blank or a line continuation (`\` and its line break). */
function nextOnLine(text: string, from: number): number {
  let at = from;
  for (;;) {
    const c = text[at];
    if (c === ' ' || c === '\t' || c === '\f') at++;
    else if (c === '\\' && text[at + 1] === '\n') at += 2;
    else if (c === '\\' && text[at + 1] === '\r' && text[at + 2] === '\n') at += 3;
    else return at;
  }
}

/** The name written at `at`, or '' when none starts there. */
function wordAt(text: string, at: number): string {
  let end = at;
  while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
  return text.slice(at, end);
}
