/**
 * One error CPython raises while compiling a file lezer parses without complaint. CPython stops at
 * the first error of its earliest stage: the parser (pegen's invalid_* rules), then `__future__`
 * checks, then the symbol table (built in one walk of the file, then analysed scope by scope),
 * then code generation. `stage` orders errors found in one walk so
 * that the one reported is CPython's.
 */
export const enum CompileStage {
  Tokenizer = 0,
  Parser = 1,
  Future = 2,
  SymbolTable = 3,
  SymbolAnalysis = 4,
  CodeGeneration = 5,
}

/** CPython's tokenizer refuses more than this many open brackets at once ("too many nested parentheses"). */
export const MAX_NESTING = 200;

export interface CompileError {
  stage: CompileStage;
  from: number;
  to: number;
  /** CPython's message with its exception type (`SyntaxError: ...`), ending in a full stop. */
  message: string;
}

export function syntaxError(stage: CompileStage, from: number, to: number, message: string): CompileError {
  return { stage, from, to, message: `SyntaxError: ${message}.` };
}

/** CPython's error: the earliest stage first, then the earliest in the file. */
export function firstByStage(a: CompileError, b: CompileError): number {
  return a.stage - b.stage || a.from - b.from;
}
