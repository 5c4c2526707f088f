/**
 * Two `match` statement forms lezer's Python grammar (1.1.19) accepts and CPython's parser refuses
 * with "invalid syntax": a subject that is one starred expression without a comma (`match *a:`;
 * `match *a, b:` is a tuple and valid), and a mapping pattern key that is a plain name
 * (`case {a: 1}:`; a key is a literal or a dotted name, `case {a.b: 1}:`).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { scanLogicalLine } from '../relaxed/codeScan';
import { CompileStage, syntaxError, type CompileError } from './compileError';

/** `match *a:`: CPython reports the colon closing the header. */
export function matchSubjectErrors(statement: SyntaxNode, text: string): CompileError[] {
  const star = statement.firstChild?.nextSibling;
  if (star?.name !== '*') return [];
  const body = childrenOf(statement).find((part) => part.name === 'MatchBody');
  const colon = body?.firstChild;
  if (!body || colon?.name !== ':' || hasTopLevelComma(text, star.to, body.from)) return [];
  return [syntaxError(CompileStage.Parser, colon.from, colon.to, 'invalid syntax')];
}

/** `{a: 1}`: CPython reports the colon after the name. */
export function mappingKeyErrors(pattern: SyntaxNode, text: string): CompileError[] {
  for (let part = pattern.firstChild; part; part = part.nextSibling) {
    const colon = part.nextSibling;
    // A dotted key reaches lezer as one name (relaxed/dottedMappingKeys.ts): the real text tells.
    if (part.name === 'VariableName' && colon?.name === ':' && !text.slice(part.from, part.to).includes('.')) return [syntaxError(CompileStage.Parser, colon.from, colon.to, 'invalid syntax')];
  }
  return [];
}

/** A comma outside brackets in the real text `[from, to)` (the tuple rewrite hides it from lezer). */
function hasTopLevelComma(text: string, from: number, to: number): boolean {
  let found = false;
  scanLogicalLine(text, from, (at, end, depth) => {
    if (at >= to) return false;
    if (end - at === 1 && depth === 0 && text.charCodeAt(at) === 44 /* , */) {
      found = true;
      return false;
    }
    return undefined;
  });
  return found;
}
