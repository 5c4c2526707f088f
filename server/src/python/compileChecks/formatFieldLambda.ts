/**
 * A lambda written at the top of an f-string replacement field's expression (`f'{lambda: 1}'`,
 * `f'{x, lambda: 1}'`), which lezer's grammar reads whole and CPython refuses: the field's
 * expression ends at its first top-level `:`,
 * which starts the format specification, so Python 3.11 compiles `(lambda)`, "f-string: invalid
 * syntax". (A lambda in brackets, `f'{(lambda: 1)}'`, is valid.)
 *
 * Python 3.11 parses the field's text on its own, wrapped in parentheses, and reports the error
 * at the first default's `=` (it stops there) or else at the closing parenthesis it added, where
 * the `:` stands, with the column counted in that wrapped text: from the `{` on the field's first
 * line, from the line start on a later one. The reported offset is the one with that column on
 * the error's line.
 */
import type { SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

export function formatFieldLambdaErrors(lambda: SyntaxNode, text: string): CompileError[] {
  const field = lambda.parent;
  const brace = field?.firstChild;
  if (field?.name !== 'FormatReplacement' || brace?.name !== '{') return [];
  const params = lambda.getChild('ParamList');
  const colon = params?.nextSibling;
  const firstDefault = params?.getChild('AssignOp');
  const errorAt = firstDefault?.from ?? (colon?.name === ':' ? colon.from : undefined);
  if (errorAt === undefined) return [];
  const lineStart = text.lastIndexOf('\n', errorAt - 1) + 1;
  // `(` stands for the `{`: on the brace's line the column is counted from it.
  const at = lineStart <= brace.from ? lineStart + (errorAt - brace.from) : errorAt;
  return [syntaxError(CompileStage.Parser, at, at + 1, 'f-string: invalid syntax')];
}
