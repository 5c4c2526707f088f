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

const HEADER_KEYS: { key: string; field: HeaderField }[] = [
  { key: 'Revision ID:', field: 'revisionId' },
  { key: 'Revises:', field: 'revises' },
  { key: 'Create Date:', field: 'createDate' },
];

/** `node`: the string token's span (a lezer node, or a span found by literalHeader.ts). */
export function readDocstring(source: string, node: { from: number; to: number }, lines: LineIndex): DocstringInfo | undefined {
  const raw = source.slice(node.from, node.to);
  // A named escape (`\N{BULLET}`) is kept as written: Lens has no Unicode name table.
  const decoded = decodeStringLiteral(raw, true);
  if (decoded === undefined) return undefined;
  // Alembic: `__doc__.strip()`, then everything before the first blank line.
  // Python reads source with universal newlines, so __doc__ never holds "\r\n".
  const text = (decoded.includes('\r\n') ? decoded.split('\r\n').join('\n') : decoded).trim();
  const paragraphEnd = text.indexOf('\n\n');
  const owned = ownString(text);
  const info: DocstringInfo = {
    message: paragraphEnd < 0 ? owned : ownString(text.slice(0, paragraphEnd)),
    text: owned,
    range: lines.rangeOf(node.from, node.to),
    // Present from the start, as below: a field added later costs V8 an extra object per docstring.
    revisionId: undefined,
    revises: undefined,
    createDate: undefined,
  };
  const bodyStart = node.from + bodyOffset(raw);
  const bodyEnd = node.to - quoteLength(raw);
  // Each key is found with one native search (not a loop over every line): this runs for every
  // migration of a cold index, mostly before V8 has optimised any of it. The first line starting
  // with a key is that key's line; the keys are independent, so their order does not matter.
  for (let index = 0; index < HEADER_KEYS.length; index++) {
    const { key, field } = HEADER_KEYS[index];
    for (let at = source.indexOf(key, bodyStart); at >= 0 && at + key.length <= bodyEnd; at = source.indexOf(key, at + 1)) {
      if (!startsLineContent(source, at, bodyStart)) continue;
      let lineEnd = source.indexOf('\n', at);
      if (lineEnd < 0 || lineEnd > bodyEnd) lineEnd = bodyEnd;
      if (field === 'revises') lineEnd = continuedRevisesEnd(source, at + key.length, lineEnd, bodyEnd);
      info[field] = readHeaderLine(source, at, lineEnd, key, field, lines);
      break;
    }
  }
  return info;
}

type HeaderField = 'revisionId' | 'revises' | 'createDate';

/** True when only blanks stand between `at` and the start of its line (or the docstring body). */
function startsLineContent(source: string, at: number, bodyStart: number): boolean {
  let i = at - 1;
  while (i >= bodyStart && (source[i] === ' ' || source[i] === '\t')) i--;
  return i < bodyStart || source[i] === '\n';
}

/**
 * Where a `Revises:` value that goes on below its line ends: a merge's parents written one per
 * line under an empty `Revises:` or after a trailing comma, indented or as `- ` items (codex-lb's
 * merges: `Revises: a,` then `    b`; `Revises:` then `- a` and `- b`). Only indented or bulleted
 * lines, or a lone id after a trailing comma, that name no other header key continue it; anything
 * else ends it where it was.
 */
function continuedRevisesEnd(source: string, valueStart: number, lineEnd: number, bodyEnd: number): number {
  const first = source.slice(valueStart, lineEnd).trim();
  // Only an empty value or one ending with a comma announces more lines.
  if (first !== '' && !first.endsWith(',')) return lineEnd;
  let end = lineEnd;
  let more = true;
  let afterComma = first.endsWith(',');
  while (more && end < bodyEnd) {
    const next = end + 1;
    let nextEnd = source.indexOf('\n', next);
    if (nextEnd < 0 || nextEnd > bodyEnd) nextEnd = bodyEnd;
    const line = source.slice(next, nextEnd);
    const content = line.trim();
    const bullet = /^[-*] /.test(content);
    const indented = line[0] === ' ' || line[0] === '\t';
    // After a trailing comma the next id may also start the line (codex-lb's 20260408_010000).
    const lone = afterComma && /^[^\s]+$/.test(content);
    if (content === '' || !(indented || bullet || lone) || HEADER_KEYS.some(({ key }) => content.startsWith(key))) break;
    end = nextEnd;
    afterComma = content.endsWith(',');
    // Under an empty `Revises:` every such line is a parent; after `a,` the list ends at a line with no comma.
    more = first === '' || bullet || afterComma;
  }
  return end;
}

/** One `Key: value` line whose content (the key) starts at `contentStart`. */
function readHeaderLine(source: string, contentStart: number, lineEnd: number, key: string, field: HeaderField, lines: LineIndex): DocstringLine {
  let valueStart = contentStart + key.length;
  let valueEnd = lineEnd;
  while (valueStart < valueEnd && isBlank(source[valueStart])) valueStart++;
  while (valueEnd > valueStart && isBlank(source[valueEnd - 1])) valueEnd--;
  return {
    value: ownString(source.slice(valueStart, valueEnd)),
    valueRange: lines.rangeOf(valueStart, valueEnd),
    lineRange: lines.rangeOf(contentStart, trimEnd(source, contentStart, lineEnd)),
    items: field === 'revises' ? splitIds(source, valueStart, valueEnd, lines) : undefined,
  };
}

/**
 * `Revises: a, b` → each id with its range (Alembic's template joins parents with ", "); a value
 * continued on the lines below (continuedRevisesEnd) is also split at line ends, and an item's
 * `- ` bullet is left out.
 */
function splitIds(source: string, from: number, to: number, lines: LineIndex): { value: string; range: ReturnType<LineIndex['rangeOf']> }[] {
  const items: { value: string; range: ReturnType<LineIndex['rangeOf']> }[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || source[i] === ',' || source[i] === '\n') {
      let a = start;
      let b = i;
      while (a < b && isBlank(source[a])) a++;
      if (b - a > 2 && (source[a] === '-' || source[a] === '*') && source[a + 1] === ' ') a += 2;
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
