/**
 * Errors CPython raises when it compiles a file that lezer parses without complaint, so Alembic
 * cannot import it (assembl's migrations): indentation mixing tabs and spaces inconsistently
 * (TabError), `from x import *` inside a function and `from __future__ import ...` after other
 * statements (ERP-BERHAN; SyntaxError); and the grammar, symbol-table and code-generation errors of
 * compileChecks/ (`f(a=1, 2)`, `def f(a, a)`, `return` at module level, `None = 1`, ...). CPython
 * reports one error, its earliest stage's first: the list is in that order.
 */
import type { Problem } from '../common/problem';
import type { LineIndex } from '../common/range';
import { childrenOf, isErrorFree, isUnreadable, type SyntaxNode, type Tree } from './parser';
import { CompileStage, firstByStage, MAX_NESTING, type CompileError } from './compileChecks/compileError';
import { unreadableFileError } from './compileChecks/unreadable';
import { grammarErrors } from './compileChecks/walk';
import { decoratorExpressionErrors } from './compileChecks/decoratorExpressions';
import { withTargetErrors } from './compileChecks/withTargets';
import { globalDeclarationErrors } from './compileChecks/globalDeclarations';
import { indentationErrors } from './compileChecks/indentation';
import { debugNameErrors } from './compileChecks/debugName';
import { expressionDepthErrors } from './compileChecks/expressionDepth';

/**
 * The errors of each tree, by the tree: `check` and the language server ask once for a file's
 * syntax problems and once more in the interpreter, with the same tree of the same text.
 */
const errorsOfTree = new WeakMap<Tree, { text: string; errors: CompileError[] }>();

export function compileErrors(file: string, text: string, tree: Tree, lines: LineIndex): Problem[] {
  return stagedCompileErrors(text, tree).map((error) => ({ code: 'python-syntax-error', severity: 'error', message: error.message, file, range: lines.rangeOf(error.from, error.to), related: [] }));
}

/** Every compile error of the tree of `text` with its stage, its earliest stage's first. */
export function stagedCompileErrors(text: string, tree: Tree): readonly CompileError[] {
  let known = errorsOfTree.get(tree);
  if (known?.text !== text) {
    known = { text, errors: compileErrorsOf(text, tree) };
    errorsOfTree.set(tree, known);
  }
  return known.errors;
}

/** Every compile error, its earliest stage's first. */
function compileErrorsOf(text: string, tree: Tree): CompileError[] {
  if (isUnreadable(tree)) return [unreadableFileError(text)];
  const errors: CompileError[] = [];
  const report = (stage: CompileStage, from: number, to: number, message: string): void => {
    errors.push({ stage, from, to, message });
  };
  if (/^[ \t]*\t/m.test(text)) {
    const tab = inconsistentIndentation(text, tree.topNode);
    if (tab !== undefined) report(CompileStage.Tokenizer, tab, lineEnd(text, tab), 'TabError: inconsistent use of tabs and spaces in indentation.');
  }
  if (text.includes('__future__')) {
    const future = lateFutureImport(tree.topNode, text);
    if (future) report(CompileStage.Future, future.from, future.to, 'SyntaxError: from __future__ imports must occur at the beginning of the file.');
  }
  if (rawNesting(text) > MAX_NESTING) {
    const nested = tooDeeplyNested(tree);
    if (nested !== undefined) report(CompileStage.Tokenizer, nested, nested + 1, 'SyntaxError: too many nested parentheses.');
  }
  if (/import\s*\*/.test(text)) {
    const star = starImportInFunction(tree.topNode, text);
    if (star) report(CompileStage.SymbolTable, star.from, star.to, 'SyntaxError: import * only allowed at module level.');
  }
  // The fast parser's trees (isErrorFree) are of text whose indentation it checked as CPython's
  // tokenizer does (spaces only, each block one level, dedents to an enclosing one) and whose
  // `with ... as` targets are plain names: neither scan can find anything there.
  const fastParsed = isErrorFree(tree);
  if (!fastParsed) errors.push(...indentationErrors(text));
  errors.push(...grammarErrors(tree, text));
  errors.push(...globalDeclarationErrors(tree, text));
  errors.push(...debugNameErrors(tree, text));
  errors.push(...expressionDepthErrors(tree));
  if (text.includes('@')) errors.push(...decoratorExpressionErrors(text));
  if (!fastParsed && text.includes('with')) errors.push(...withTargetErrors(text));
  return errors.sort(firstByStage);
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * CPython's tokenizer measures each statement's indentation twice, a tab as up to the next multiple
 * of 8 columns and as 1: the two orders of the indentation levels must agree. The offset of the
 * first statement where they do not, if any.
 */
function inconsistentIndentation(text: string, script: SyntaxNode): number | undefined {
  const stack: { col: number; alt: number }[] = [{ col: 0, alt: 0 }];
  for (const lineStart of statementLineStarts(script, text)) {
    let col = 0;
    let alt = 0;
    let at = lineStart;
    for (; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 32) {
        col++;
        alt++;
      } else if (c === 9) {
        col = (Math.floor(col / 8) + 1) * 8;
        alt++;
      } else if (c === 12) {
        col = 0;
        alt = 0;
      } else break;
    }
    let top = stack[stack.length - 1];
    if (col > top.col) {
      if (alt <= top.alt) return lineStart;
      stack.push({ col, alt });
      continue;
    }
    while (stack.length > 1 && col < top.col) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (col === top.col && alt !== top.alt) return lineStart;
  }
  return undefined;
}

/** The start of each line where a statement begins (a comment or a continuation line is none). */
function statementLineStarts(script: SyntaxNode, text: string): number[] {
  const starts: number[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of childrenOf(node)) {
      if (child.name === 'Comment') continue;
      if (node.name === 'Script' || node.name === 'Body') {
        const lineStart = text.lastIndexOf('\n', child.from - 1) + 1;
        if (/^[ \t\f]*$/.test(text.slice(lineStart, child.from)) && starts[starts.length - 1] !== lineStart) starts.push(lineStart);
      }
      if (child.name === 'Body' || child.name.endsWith('Statement') || child.name === 'FunctionDefinition' || child.name === 'ClassDefinition' || child.name === 'DecoratedStatement') visit(child);
    }
  };
  visit(script);
  return starts.sort((a, b) => a - b);
}

/** The first `from x import *` inside a function. */
function starImportInFunction(node: SyntaxNode, text: string, inFunction = false): SyntaxNode | undefined {
  for (const child of childrenOf(node)) {
    if (child.name === 'ImportStatement' && inFunction && /\bimport\s*\*/.test(text.slice(child.from, child.to))) return child;
    const found = starImportInFunction(child, text, inFunction || child.name === 'FunctionDefinition' || child.name === 'LambdaExpression');
    if (found) return found;
  }
  return undefined;
}

/** A `from __future__ import ...` after a statement other than the docstring and earlier ones. */
function lateFutureImport(script: SyntaxNode, text: string): SyntaxNode | undefined {
  const isFuture = (node: SyntaxNode): boolean => node.name === 'ImportStatement' && /^from\s+__future__\s+import\b/.test(text.slice(node.from, node.to));
  let position = 0;
  let prefix = true;
  for (const statement of childrenOf(script)) {
    if (statement.name === 'Comment') continue;
    const docstring = position === 0 && statement.name === 'ExpressionStatement' && (statement.firstChild?.name === 'String' || statement.firstChild?.name === 'ContinuedString');
    position++;
    if (docstring) continue;
    if (isFuture(statement)) {
      if (!prefix) return statement;
      continue;
    }
    prefix = false;
    const nested = futureInside(statement, isFuture);
    if (nested) return nested;
  }
  return undefined;
}

function futureInside(node: SyntaxNode, isFuture: (node: SyntaxNode) => boolean): SyntaxNode | undefined {
  for (const child of childrenOf(node)) {
    if (isFuture(child)) return child;
    const found = futureInside(child, isFuture);
    if (found) return found;
  }
  return undefined;
}

/** The deepest bracket nesting of the raw text, strings and comments included: a cheap bound checked first. */
function rawNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 40 || code === 91 || code === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === 41 || code === 93 || code === 125) depth--;
  }
  return deepest;
}

/** Where CPython's tokenizer finds one open bracket too many (MAX_NESTING), or undefined. */
function tooDeeplyNested(tree: Tree): number | undefined {
  let depth = 0;
  let found: number | undefined;
  tree.iterate({
    enter(node) {
      if (found !== undefined) return false;
      const name = node.name;
      if (name === '(' || name === '[' || name === '{') {
        depth++;
        if (depth > MAX_NESTING) found = node.from;
      } else if (name === ')' || name === ']' || name === '}') depth--;
      return undefined;
    },
  });
  return found;
}
