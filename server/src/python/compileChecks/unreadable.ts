/**
 * The one error of a file whose tree lezer could not build (parser.ts's unreadable tree: the code
 * nests deeper than the stack lets lezer follow). Where brackets nest past CPython's limit, it is
 * CPython's own tokenizer error at the first bracket too many, as Alembic would report on import.
 * Otherwise Python may well accept the file, and Lens says it could not read it, at the start of
 * the longest logical line (where the deep expression is), rather than guess a verdict.
 */
import { scanLogicalCode } from '../relaxed/codeScan';
import { CompileStage, MAX_NESTING, type CompileError } from './compileError';

export function unreadableFileError(text: string): CompileError {
  let tooDeep: number | undefined;
  let longestStart = 0;
  let longestLength = -1;
  let lineStartAt = 0;
  let lastEnd = 0;
  const closeLine = (): void => {
    if (lastEnd - lineStartAt > longestLength) {
      longestLength = lastEnd - lineStartAt;
      longestStart = lineStartAt;
    }
  };
  scanLogicalCode(text, 0, (at, end, depth, lineStart) => {
    if (lineStart) {
      closeLine();
      lineStartAt = at;
    }
    lastEnd = end;
    const c = text.charCodeAt(at);
    if (end - at === 1 && (c === 40 || c === 91 || c === 123) && depth >= MAX_NESTING) {
      tooDeep = at;
      return false;
    }
    return undefined;
  });
  if (tooDeep !== undefined) return { stage: CompileStage.Tokenizer, from: tooDeep, to: tooDeep + 1, message: 'SyntaxError: too many nested parentheses.' };
  closeLine();
  const lineEnd = text.indexOf('\n', longestStart);
  return {
    stage: CompileStage.Tokenizer,
    from: longestStart,
    to: lineEnd < 0 ? text.length : lineEnd,
    message: 'Alembic Lens cannot read this file: its code is nested too deeply for the parser (it ran out of stack). Split the deepest expression into several statements.',
  };
}
