/**
 * CPython's "'(' was never closed" for a file that ends inside a bracket. CPython (3.11) reports
 * it in place of its parser's error when the parser asked for the token after the file's last
 * one, or when the last token it read lies on a line after the innermost open bracket's; a parser
 * error before that is reported as it is (`x = (1 2)\ny = [` gives "Perhaps you forgot a comma?").
 * Lens cannot know how far CPython's parser looked ahead, so it reports the bracket only when the
 * first place the file stops parsing (lezer's first error, or an error of CPython's grammar that
 * lezer accepts) is at the end of the file or on a later line than the bracket: CPython's parser
 * then read that far too. Otherwise Lens keeps its own messages.
 */
import type { LineIndex } from '../common/range';
import { isParseError, type Tree } from './parser';
import { python2Error } from './python2Syntax';
import { stagedCompileErrors } from './compileErrors';
import { CompileStage } from './compileChecks/compileError';
import { unclosedBracketAtEnd } from './unclosedBracket';

export interface NeverClosed {
  from: number;
  to: number;
  message: string;
}

// Only blank lines and comments after the failure: CPython's parser got to the end of the file.
const NOTHING_BUT_COMMENTS = /^(?:\s|\\\r?\n|#[^\n]*)*$/;

/** The never-closed bracket CPython reports for `text` (whose lezer tree has errors), or undefined. */
export function neverClosedBracket(text: string, tree: Tree, lines: LineIndex): NeverClosed | undefined {
  const open = unclosedBracketAtEnd(text);
  if (!open) return undefined;
  const compiled = stagedCompileErrors(text, tree);
  // A tokenizer error before the bracket (a TabError, an unindent) is met first.
  if (compiled.some((error) => error.stage === CompileStage.Tokenizer && error.from < open.from)) return undefined;
  const grammar = compiled.filter((error) => error.stage === CompileStage.Parser).map((error) => error.from);
  const failure = Math.min(firstParseFailure(tree), ...grammar);
  if (failure === Infinity) return undefined;
  const pastTheBracket = lines.positionAt(failure).line > lines.positionAt(open.from).line;
  if (!pastTheBracket && !NOTHING_BUT_COMMENTS.test(text.slice(failure))) return undefined;
  return { from: open.from, to: open.from + 1, message: `SyntaxError: '${open.bracket}' was never closed.` };
}

/**
 * Where lezer's tree first stops being Python: its first parse error or Python 2 statement. What
 * lezer accepts and CPython's grammar does not (a `try:` with no handler) is among the
 * compile errors of the parser stage, taken beside it.
 */
function firstParseFailure(tree: Tree): number {
  let first = Infinity;
  tree.iterate({
    enter(node) {
      if (first !== Infinity) return false;
      if (node.name === 'PrintStatement' || node.name === 'TryStatement') {
        const old = python2Error(node.node);
        if (old) first = old.from;
        return undefined;
      }
      if (node.type.isError && isParseError(node.node)) first = node.from;
      return undefined;
    },
  });
  return first;
}
