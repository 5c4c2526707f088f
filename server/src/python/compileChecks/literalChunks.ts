/**
 * The pieces of a string literal CPython decodes one at a time, each with its own positions in
 * its escape messages: a plain string's whole body; an f-string's literal text between its
 * replacement fields, cut again after the first brace of a doubled `{{` or `}}` (CPython keeps
 * that brace in the piece before and starts a new one after the second), and the literal text of
 * each format spec. Line breaks are read as Python reads source files (CRLF and CR as `\n`).
 */
import { childrenOf, type SyntaxNode } from '../parser';

function normalisedLineBreaks(piece: string): string {
  return piece.includes('\r') ? piece.replace(/\r\n?/g, '\n') : piece;
}

/** Top-level literal text of an f-string cut at doubled braces; `\N{...}` braces are the escape's. */
function cutAtDoubledBraces(segment: string, into: string[]): void {
  let start = 0;
  for (let index = 0; index < segment.length; ) {
    let character = segment[index++];
    if (character === '\\' && index < segment.length) {
      character = segment[index++];
      if (character === 'N') {
        if (segment[index] === '{') {
          index = segment.indexOf('}', index);
          index = index < 0 ? segment.length : index + 1;
        }
        continue;
      }
    }
    if ((character === '{' || character === '}') && segment[index] === character) {
      into.push(segment.slice(start, index));
      start = ++index;
    }
  }
  if (start < segment.length) into.push(segment.slice(start));
}

/**
 * The literal text of `node` from `from` to `to` in source order, less its replacement fields, with
 * the literal text of each field's format spec where it stands (CPython decodes them in that order).
 */
function literalPieces(node: SyntaxNode, from: number, to: number, text: string, topLevel: boolean, into: string[]): void {
  const add = (segment: string): void => {
    if (topLevel) cutAtDoubledBraces(normalisedLineBreaks(segment), into);
    else if (segment) into.push(normalisedLineBreaks(segment));
  };
  let at = from;
  for (const child of childrenOf(node)) {
    if (child.name !== 'FormatReplacement') continue;
    add(text.slice(at, child.from));
    at = child.to;
    // A spec's literal text starts after its ':'; doubled braces mean nothing there.
    for (const part of childrenOf(child)) if (part.name === 'FormatSpec') literalPieces(part, part.from + 1, part.to, text, false, into);
  }
  add(text.slice(at, to));
}

/**
 * The pieces of one string token (`'...'`, `f"..."`, not raw) in the order CPython decodes them:
 * for an f-string, its literal text and each format spec's where they stand.
 */
export function decodedPieces(part: SyntaxNode, text: string, prefixLength: number, isFormat: boolean): string[] {
  const quoteLength = text.startsWith('"""', part.from + prefixLength) || text.startsWith("'''", part.from + prefixLength) ? 3 : 1;
  const bodyFrom = part.from + prefixLength + quoteLength;
  const bodyTo = Math.max(bodyFrom, part.to - quoteLength);
  if (!isFormat) return [normalisedLineBreaks(text.slice(bodyFrom, bodyTo))];
  const pieces: string[] = [];
  literalPieces(part, bodyFrom, bodyTo, text, true, pieces);
  return pieces.filter((piece) => piece.length > 0);
}
