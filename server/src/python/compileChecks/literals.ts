/**
 * Number and string literals lezer's tokens accept and CPython's do not: a decimal integer with
 * leading zeros (Python 2's octal `0777`), an underscore not followed by a digit (`1_`, `1__0`),
 * a bytes literal holding a non-ASCII character (`b'é'`), and bytes concatenated with str
 * (`'a' b'b'`).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

export function numberLiteralErrors(node: SyntaxNode, text: string): CompileError[] {
  const spelled = text.slice(node.from, node.to);
  if (/^0[0-9_]*[1-9][0-9_]*$/.test(spelled)) {
    return [syntaxError(CompileStage.Tokenizer, node.from, node.to, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers')];
  }
  // A decimal or float's `_` must sit between two digits (hexadecimal, octal and binary are left to lezer).
  if (/^0[xXoObB]/.test(spelled)) return [];
  const underscore = /_(?![0-9])/.exec(spelled);
  if (underscore) return [syntaxError(CompileStage.Tokenizer, node.from + underscore.index, node.from + underscore.index + 1, 'invalid decimal literal')];
  return [];
}

export function stringLiteralErrors(node: SyntaxNode, text: string): CompileError[] {
  const parts = node.name === 'ContinuedString' ? childrenOf(node).filter((child) => child.name !== 'Comment') : [node];
  for (const part of parts) {
    const prefix = /^[A-Za-z]*/.exec(text.slice(part.from, Math.min(part.to, part.from + 3)))![0].toLowerCase();
    // eslint-disable-next-line no-control-regex
    if (prefix.includes('b') && /[^\x00-\x7f]/.test(text.slice(part.from, part.to))) return [syntaxError(CompileStage.Parser, part.from, part.to, 'bytes can only contain ASCII literal characters')];
  }
  if (parts.length > 1) {
    const bytes = parts.map((part) => /^[A-Za-z]*/.exec(text.slice(part.from, Math.min(part.to, part.from + 3)))![0].toLowerCase().includes('b'));
    // CPython points just past the whole concatenation.
    if (bytes.some((isBytes) => isBytes !== bytes[0])) return [syntaxError(CompileStage.Parser, node.to, node.to, 'cannot mix bytes and nonbytes literals')];
  }
  return [];
}
