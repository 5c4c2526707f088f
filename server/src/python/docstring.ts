/**
 * Reads the module docstring of a migration: the message (what `alembic history` prints) and the
 * `Revision ID:` / `Revises:` / `Create Date:` lines Alembic's template writes. The lines are
 * located in the raw token so every value keeps its exact source range. Every string stored owns
 * its characters (ownString): the result outlives the file's text.
 */
import type { LineIndex } from '../common/range';
import { decodeStringLiteral } from './parser';
import { ownString } from '../common/ownedStrings';
import type { DocstringInfo, DocstringLine } from './headerTypes';

const HEADER_KEYS: { key: string; field: 'revisionId' | 'revises' | 'createDate' }[] = [
  { key: 'Revision ID:', field: 'revisionId' },
  { key: 'Revises:', field: 'revises' },
  { key: 'Create Date:', field: 'createDate' },
];

/** `node`: the string token's span (a lezer node, or a span found by literalHeader.ts). */
export function readDocstring(source: string, node: { from: number; to: number }, lines: LineIndex): DocstringInfo | undefined {
  const raw = source.slice(node.from, node.to);
  const decoded = decodeStringLiteral(raw);
  if (decoded === undefined) return undefined;
  // Alembic: `__doc__.strip()`, then everything before the first blank line.
  // Python reads source with universal newlines, so __doc__ never holds "\r\n".
  const text = (decoded.includes('\r\n') ? decoded.split('\r\n').join('\n') : decoded).trim();
  const paragraphEnd = text.indexOf('\n\n');
  const owned = ownString(text);
  const info: DocstringInfo = { message: paragraphEnd < 0 ? owned : ownString(text.slice(0, paragraphEnd)), text: owned, range: lines.rangeOf(node.from, node.to) };
  const bodyStart = node.from + bodyOffset(raw);
  const bodyEnd = node.to - quoteLength(raw);
  let lineStart = bodyStart;
  while (lineStart <= bodyEnd) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > bodyEnd) lineEnd = bodyEnd;
    readHeaderLine(source, lineStart, lineEnd, lines, info);
    lineStart = lineEnd + 1;
  }
  return info;
}

function readHeaderLine(source: string, lineStart: number, lineEnd: number, lines: LineIndex, info: DocstringInfo): void {
  let contentStart = lineStart;
  while (contentStart < lineEnd && (source[contentStart] === ' ' || source[contentStart] === '\t')) contentStart++;
  const first = source[contentStart];
  if (first !== 'R' && first !== 'C') return; // every key starts with one of these
  for (const { key, field } of HEADER_KEYS) {
    if (info[field] || !source.startsWith(key, contentStart) || contentStart + key.length > lineEnd) continue;
    let valueStart = contentStart + key.length;
    let valueEnd = lineEnd;
    while (valueStart < valueEnd && isBlank(source[valueStart])) valueStart++;
    while (valueEnd > valueStart && isBlank(source[valueEnd - 1])) valueEnd--;
    const line: DocstringLine = {
      value: ownString(source.slice(valueStart, valueEnd)),
      valueRange: lines.rangeOf(valueStart, valueEnd),
      lineRange: lines.rangeOf(contentStart, trimEnd(source, contentStart, lineEnd)),
    };
    if (field === 'revises') line.items = splitIds(source, valueStart, valueEnd, lines);
    info[field] = line;
    return;
  }
}

/** `Revises: a, b` → each id with its range (Alembic's template joins parents with ", "). */
function splitIds(source: string, from: number, to: number, lines: LineIndex): { value: string; range: ReturnType<LineIndex['rangeOf']> }[] {
  const items: { value: string; range: ReturnType<LineIndex['rangeOf']> }[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || source[i] === ',') {
      let a = start;
      let b = i;
      while (a < b && isBlank(source[a])) a++;
      while (b > a && isBlank(source[b - 1])) b--;
      if (b > a) items.push({ value: ownString(source.slice(a, b)), range: lines.rangeOf(a, b) });
      start = i + 1;
    }
  }
  return items;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r';
}

function trimEnd(source: string, from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(source[end - 1])) end--;
  return end;
}

function bodyOffset(raw: string): number {
  let index = 0;
  while (index < raw.length && raw[index] !== '"' && raw[index] !== "'") index++;
  return index + quoteLength(raw.slice(index));
}

function quoteLength(raw: string): number {
  let index = 0;
  while (index < raw.length && raw[index] !== '"' && raw[index] !== "'") index++;
  const quote = raw[index] ?? '"';
  return raw.startsWith(quote.repeat(3), index) ? 3 : 1;
}
