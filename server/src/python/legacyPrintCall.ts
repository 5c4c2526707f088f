/**
 * CPython's "Missing parentheses in call to 'print'" for a statement that fails after `print`
 * and an expression (`print -1 2`, `print [1] x`, `x = print *a b`): CPython reads `print -1`
 * as Python 3 first and, only when the statement fails and what follows `print` is an
 * expression, gives Python 2's message. Lezer reads such a `print` as a name
 * (relaxed/printNames.ts) and fails at the `2`; that failure gets CPython's message.
 */
import { scanLogicalCode, isNameChar, wordOffsets } from './relaxed/codeScan';

const LEGACY_PRINT = "Missing parentheses in call to 'print'. Did you mean print(...)?";

/** CPython's legacy print error for a parse error starting at `errorAt` in `text`, or undefined. */
export function legacyPrintCall(text: string, errorAt: number): { message: string; from: number; to: number } | undefined {
  const prints = wordOffsets(text, 'print').filter((at) => at < errorAt);
  for (let index = prints.length - 1; index >= 0; index--) {
    const at = prints[index];
    const operator = expressionOperator(text, at + 'print'.length);
    if (operator !== undefined && failsAfterAnExpression(text, operator, errorAt)) return { message: LEGACY_PRINT, from: at, to: at + 'print'.length };
  }
  return undefined;
}

/**
 * The offset of what follows `print` when it both continues a Python 3 expression and starts
 * one (`-`, `+`, `*`, `[`; not `-=`, `**`), else undefined. Other followers that start an
 * expression (`print x`, `print "a"`) make lezer's print statement, reported as it is.
 */
function expressionOperator(text: string, end: number): number | undefined {
  let at = end;
  while (text[at] === ' ' || text[at] === '\t' || (text[at] === '\\' && text[at + 1] === '\n')) at += text[at] === '\\' ? 2 : 1;
  const c = text[at];
  if (c === '[') return at;
  if ((c === '-' || c === '+' || c === '*') && text[at + 1] !== '=' && !(c === '*' && text[at + 1] === '*')) return at;
  return undefined;
}

/**
 * Whether the error at `errorAt` is on the logical line of the operator at `from`, outside any
 * bracket opened since, after an operand (a name, number, string or closed bracket): CPython's
 * expression after `print` then parsed before the failure (`print -` and `print - (1 2)` keep
 * their own errors).
 */
function failsAfterAnExpression(text: string, from: number, errorAt: number): boolean {
  let operand = false;
  let verdict: boolean | undefined;
  let depthAfter = 0;
  scanLogicalCode(
    text,
    from,
    (at, end, depth, lineStart) => {
      if (lineStart || at >= errorAt) {
        verdict = operand && depth === 0 && errorAt <= at;
        return false;
      }
      const c = text.charCodeAt(at);
      const closing = c === 41 || c === 93 || c === 125;
      if (depth === 0 && (end - at > 1 || isNameChar(c))) operand = true;
      if (depth === 1 && closing) operand = true;
      depthAfter = end - at > 1 ? depth : c === 40 || c === 91 || c === 123 ? depth + 1 : closing && depth > 0 ? depth - 1 : depth;
      return undefined;
    },
    false,
  );
  // The error at the end of the text, after the line's last piece.
  return verdict ?? (operand && depthAfter === 0);
}
