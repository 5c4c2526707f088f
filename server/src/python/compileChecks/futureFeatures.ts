/**
 * `from __future__ import x` of a feature CPython 3 does not know ("future feature x is not
 * defined"), or of `braces` ("not a chance"). Only the leading future imports are read: a later one
 * is the "must occur at the beginning of the file" error.
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

const FEATURES = new Set(['nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement', 'print_function', 'unicode_literals', 'barry_as_FLUFL', 'generator_stop', 'annotations']);

export function futureFeatureErrors(script: SyntaxNode, text: string): CompileError[] {
  let position = 0;
  for (const statement of childrenOf(script)) {
    if (statement.name === 'Comment') continue;
    const docstring = position === 0 && statement.name === 'ExpressionStatement' && (statement.firstChild?.name === 'String' || statement.firstChild?.name === 'ContinuedString');
    position++;
    if (docstring) continue;
    if (statement.name !== 'ImportStatement' || !/^from\s+__future__\s+import\b/.test(text.slice(statement.from, statement.to))) return [];
    for (const feature of importedNames(statement, text)) {
      if (FEATURES.has(feature)) continue;
      // CPython gives no end column; the statement is the span.
      return [syntaxError(CompileStage.Future, statement.from, statement.to, feature === 'braces' ? 'not a chance' : `future feature ${feature} is not defined`)];
    }
  }
  return [];
}

function importedNames(statement: SyntaxNode, text: string): string[] {
  const names: string[] = [];
  let afterImport = false;
  let afterAs = false;
  for (const part of childrenOf(statement)) {
    if (part.name === 'import') afterImport = true;
    else if (!afterImport) continue;
    else if (part.name === 'as') afterAs = true;
    else if (part.name === ',') afterAs = false;
    else if (part.name === '*') names.push('*');
    else if (part.name === 'VariableName' && !afterAs) names.push(text.slice(part.from, part.to));
  }
  return names;
}
