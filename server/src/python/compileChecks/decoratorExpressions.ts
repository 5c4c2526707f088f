/**
 * The expressions of relaxed decorators (`@buttons[0].clicked`, `@(lambda f: f)`), which lezer
 * reads as one opaque name (relaxed/decorators.ts): each is parsed again on its own, in
 * parentheses, so that a syntax error in it or one of CPython's compile-time errors
 * (`@(lambda a, a: 0)`) is still reported where it is written.
 */
import { parsePython } from '../parser';
import { firstParseError } from './nodeParts';
import { relaxedDecoratorExpressions } from '../relaxed/decorators';
import { CompileStage, type CompileError } from './compileError';
import { grammarErrors } from './walk';

export function decoratorExpressionErrors(text: string): CompileError[] {
  const errors: CompileError[] = [];
  for (const { from, to } of relaxedDecoratorExpressions(text)) {
    // `(` stands where the `@` is: offset k of the snippet is offset from - 1 + k of the file.
    const snippet = `(${text.slice(from, to)})`;
    const shift = from - 1;
    const tree = parsePython(snippet);
    const broken = firstParseError(tree.topNode);
    if (broken) {
      const at = Math.min(broken.from + shift, to);
      errors.push({ stage: CompileStage.Parser, from: at, to: Math.max(at, Math.min(broken.to + shift, to)), message: 'Syntax error: this part of the file could not be parsed as Python.' });
      continue;
    }
    // At the module's top level the snippet's place is the decorator's: every check applies.
    const atModuleLevel = from - 1 === text.lastIndexOf('\n', from - 1) + 1;
    for (const error of grammarErrors(tree, snippet, atModuleLevel)) errors.push({ ...error, from: error.from + shift, to: error.to + shift });
  }
  return errors;
}
