/**
 * Number and string literals lezer's tokens accept and CPython's do not: a decimal integer with
 * leading zeros (Python 2's octal `0777`), an underscore not followed by a digit (`1_`, `1__0`),
 * a bytes literal holding a non-ASCII character (`b'é'`), an escape CPython refuses (`'\x4'`,
 * `'\N{}'`, `b'\x4'`), and bytes concatenated with str (`'a' b'b'`).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { decodedPieces } from './literalChunks';
import { bytesEscapeError, strEscapeError } from '../escapeErrors';

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

/**
 * CPython's first error in a string literal or a run of them (`'a' "b"`), part by part as it decodes
 * them: a bytes literal with a non-ASCII character, an escape it refuses (its message names the
 * position in the decoded buffer, located, as CPython does, at the end of the whole run), then a
 * part whose bytes-ness differs from the first's.
 */
export function stringLiteralErrors(node: SyntaxNode, text: string): CompileError[] {
  const parts = node.name === 'ContinuedString' ? childrenOf(node).filter((child) => child.name !== 'Comment') : [node];
  let firstIsBytes: boolean | undefined;
  for (const part of parts) {
    const prefix = /^[A-Za-z]*/.exec(text.slice(part.from, Math.min(part.to, part.from + 3)))![0].toLowerCase();
    const isBytes = prefix.includes('b');
    // eslint-disable-next-line no-control-regex
    if (isBytes && /[^\x00-\x7f]/.test(text.slice(part.from, part.to))) return [syntaxError(CompileStage.Parser, part.from, part.to, 'bytes can only contain ASCII literal characters')];
    if (!prefix.includes('r') && hasBackslash(text, part.from, part.to)) {
      for (const piece of decodedPieces(part, text, prefix.length, prefix.includes('f'))) {
        const refused = isBytes ? bytesEscapeError(piece) : strEscapeError(piece);
        if (refused) return [syntaxError(CompileStage.Parser, node.to, node.to, refused)];
      }
    }
    firstIsBytes ??= isBytes;
    // CPython points just past the whole concatenation.
    if (isBytes !== firstIsBytes) return [syntaxError(CompileStage.Parser, node.to, node.to, 'cannot mix bytes and nonbytes literals')];
  }
  return [];
}

/** Whether text[from, to) holds a backslash (without scanning past `to`). */
export function hasBackslash(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === 92) return true;
  return false;
}
