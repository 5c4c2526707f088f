/**
 * Turns lezer's error nodes into located problems. Lezer never fails: it recovers and marks the
 * spots it skipped or could not match, so everything around an error is still readable.
 */
import type { Problem } from '../common/problem';
import { LineIndex } from '../common/range';
import { isErrorFree, isParseError, parsePython, printTextOf, unreadableText, type Tree } from './parser';
import { legacyPrintCall } from './legacyPrintCall';
import { python2Error } from './python2Syntax';
import { compileErrors } from './compileErrors';
import { neverClosedBracket } from './neverClosed';

/** `wholeText`: the text the tree is of, when it is the whole file (CPython's compile-time checks then run too). */
export function syntaxProblems(file: string, tree: Tree, lines: LineIndex, limit: number, wholeText?: string): Problem[] {
  // A tree lezer could not build has one error node: the reason is its one compile error.
  const unreadable = unreadableText(tree);
  if (unreadable !== undefined) return compileErrors(file, unreadable, tree, lines);
  const compiled = wholeText === undefined ? [] : compileErrors(file, wholeText, tree, lines);
  if (isErrorFree(tree)) return compiled;
  const problems: Problem[] = [...compiled];
  let lastEnd = -1;
  tree.iterate({
    enter(node) {
      if (problems.length >= limit) return false;
      if (node.name === 'PrintStatement' || node.name === 'TryStatement') {
        const old = python2Error(node.node);
        if (old) {
          problems.push({ code: 'python-syntax-error', severity: 'error', message: `Syntax error: ${old.message} (Python 2)`, file, range: lines.rangeOf(old.from, old.to), related: [] });
          lastEnd = Math.max(lastEnd, old.to);
        }
        return undefined;
      }
      if (!node.type.isError || !isParseError(node.node)) return undefined;
      // Adjacent error nodes describe one mistake; report it once.
      if (node.from <= lastEnd) return false;
      lastEnd = Math.max(node.to, node.from + 1);
      const printText = printTextOf(tree);
      const legacy = printText === undefined ? undefined : legacyPrintCall(printText, node.from);
      if (legacy) {
        problems.push({ code: 'python-syntax-error', severity: 'error', message: `Syntax error: ${legacy.message} (Python 2)`, file, range: lines.rangeOf(legacy.from, legacy.to), related: [] });
        return false;
      }
      const inString = node.node.parent?.name === 'String';
      const message = inString ? 'Syntax error: unterminated string literal.' : 'Syntax error: this part of the file could not be parsed as Python.';
      const to = node.to > node.from ? node.to : node.from;
      problems.push({ code: 'python-syntax-error', severity: 'error', message, file, range: lines.rangeOf(node.from, to), related: [] });
      return false;
    },
  });
  // CPython reports a bracket still open at the end of the file alone; lezer's errors after it
  // are the recovery's echoes (`def downgrade():` read inside the unclosed call). Such a file
  // always has a lezer error: a file lezer reads whole is never scanned for one.
  const parseFailed = problems.length > compiled.length || compiled.length >= limit;
  const unclosed = wholeText !== undefined && parseFailed ? neverClosedBracket(wholeText, tree, lines) : undefined;
  if (unclosed) return [{ code: 'python-syntax-error', severity: 'error', message: unclosed.message, file, range: lines.rangeOf(unclosed.from, unclosed.to), related: [] }];
  return problems;
}

/** At most this many syntax errors per file: after the first few, lezer's recovery mostly echoes them. */
export const SYNTAX_PROBLEM_LIMIT = 5;

/**
 * The syntax errors of a whole file whose header was read from its prefix only (the cold index
 * stops at the first top-level `def`, so `def upgrade(:` below the header goes unseen there).
 * Empty when the header reader parsed the whole file already: its problems hold them.
 */
export function bodySyntaxProblems(file: string, text: string, parsedWholeFile: boolean): Problem[] {
  if (parsedWholeFile) return [];
  // Parsed through parsePython so that a caller's shared tree (withSharedTree) is used.
  return syntaxProblems(file, parsePython(text), new LineIndex(text), SYNTAX_PROBLEM_LIMIT, text);
}
