/**
 * The fastest safe path for the cold index: pick the few text ranges that hold a migration's
 * header (the module docstring and the four `revision` / `down_revision` / `branch_labels` /
 * `depends_on` assignments, without their type annotations), join them into one short text for
 * lezer, and map every offset in it back to the file (compactHeader), so the readers report
 * exact file positions unchanged.
 *
 * Why: typed headers (`down_revision: Union[str, Sequence[str], None] = ...`) make lezer's
 * parse of the module prefix about five times dearer than the values alone, and the cold index
 * of 10,000 files must stay under a second. These scans only choose cut points; every value is
 * still read from the lezer tree, and the caller falls back to a full prefix parse whenever a
 * scan is unsure (returns undefined) or the tree shows anything but plain literals.
 */
import { LineIndex, type Position, type SourceRange } from '../common/range';
import { HEADER_VARIABLE_NAMES } from './headerTypes';

const STRING_PREFIX_LETTERS = new Set(['r', 'R', 'u', 'U', 'b', 'B', 'f', 'F']);

/** A string literal other than a plain triple-quoted one (`'x'`, `r"""x"""`, `u'x'`): let the full parse decide. */
function startsStringLiteral(text: string): boolean {
  let i = 0;
  while (i < 2 && STRING_PREFIX_LETTERS.has(text[i])) i++;
  return text[i] === '"' || text[i] === "'";
}

/** Module-level compound statements: a header variable inside one depends on run time. */
const COMPOUND_STARTS = ['if ', 'if(', 'try:', 'try ', 'with ', 'for ', 'while ', 'match '];

export interface TextRange {
  from: number;
  to: number;
}

/** Ranges to parse for a header that ends before `cut`, or undefined when the layout is unusual. */
export function headerRanges(text: string, cut: number): TextRange[] | undefined {
  const ranges: TextRange[] = [];
  const docstringEnd = leadingDocstringEnd(text, cut);
  if (docstringEnd === undefined) return undefined;
  if (docstringEnd > 0) ranges.push({ from: 0, to: docstringEnd });
  let found = 0;
  let lineStart = docstringEnd;
  while (lineStart < cut) {
    if (COMPOUND_STARTS.some((keyword) => text.startsWith(keyword, lineStart))) return undefined;
    const name = headerNameAt(text, lineStart);
    if (name) {
      const statement = assignmentRanges(text, lineStart, name.length, cut);
      if (!statement) return undefined;
      ranges.push(...statement.ranges);
      found++;
      lineStart = statement.end;
      continue;
    }
    const next = text.indexOf('\n', lineStart);
    if (next < 0 || next >= cut) break;
    lineStart = next + 1;
  }
  return found > 0 ? ranges : undefined;
}

/**
 * End offset (after the newline) of a leading triple-quoted docstring; 0 when there is none.
 * Comment and blank lines may come first (`# -*- coding: utf-8 -*-`): they are not statements.
 */
function leadingDocstringEnd(text: string, cut: number): number | undefined {
  let start = 0;
  while (start < cut && (text[start] === '#' || text[start] === '\n' || text[start] === '\r')) {
    const lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) return undefined;
    start = lineEnd + 1;
  }
  if (!text.startsWith('"""', start) && !text.startsWith("'''", start)) {
    return startsStringLiteral(text.slice(start, start + 3)) ? undefined : 0;
  }
  const quote = text.slice(start, start + 3);
  for (let i = start + 3; i < cut; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote[0] && text.startsWith(quote, i)) {
      const lineEnd = text.indexOf('\n', i + 3);
      if (lineEnd < 0 || lineEnd >= cut) return undefined;
      // Anything after the closing quotes on that line (a comment, a `;`) is unusual: bail out.
      if (text.slice(i + 3, lineEnd).trim() !== '') return undefined;
      return lineEnd + 1;
    }
  }
  return undefined;
}

function headerNameAt(text: string, at: number): string | undefined {
  for (const name of HEADER_VARIABLE_NAMES) {
    if (!text.startsWith(name, at)) continue;
    const after = text[at + name.length];
    if (after === ' ' || after === '=' || after === ':' || after === '\t') return name;
  }
  return undefined;
}

/**
 * `name[: annotation] = value` starting at a line start: the name range and the `= value` range
 * (annotation skipped), ending after the statement's newline. The value may span lines while
 * brackets are open; strings are skipped whole. Undefined for anything unusual.
 */
function assignmentRanges(text: string, lineStart: number, nameLength: number, cut: number): { ranges: TextRange[]; end: number } | undefined {
  const nameEnd = lineStart + nameLength;
  let i = nameEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === ':') {
    let depth = 0;
    for (i++; i < cut; i++) {
      const ch = text[i];
      if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') depth--;
      else if (ch === '=' && depth === 0) break;
      else if (ch === '\n' || ch === '#' || ch === '"' || ch === "'") return undefined;
    }
    if (text[i] !== '=') return undefined;
  }
  if (text[i] !== '=' || text[i + 1] === '=') return undefined;
  const valueStart = i;
  let depth = 0;
  for (i++; i < cut; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      if (text.startsWith(ch.repeat(3), i)) return undefined;
      const close = closingQuote(text, i, cut);
      if (close === undefined) return undefined;
      i = close;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '\\' || ch === ';') return undefined;
    else if (ch === '#') {
      const eol = text.indexOf('\n', i);
      if (eol < 0 || eol >= cut) return undefined;
      i = eol - 1;
    } else if (ch === '\n' && depth === 0) {
      return { ranges: [{ from: lineStart, to: nameEnd }, { from: valueStart, to: i + 1 }], end: i + 1 };
    }
  }
  return undefined;
}

function closingQuote(text: string, open: number, cut: number): number | undefined {
  const quote = text[open];
  for (let i = open + 1; i < cut; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
    else if (ch === '\n') return undefined;
  }
  return undefined;
}

/**
 * The kept ranges joined into one short text, and a line index that maps offsets in that text
 * back to positions in the file. Parsing the joined text is about twice as fast as parsing the
 * prefix with the gaps blanked out (lezer pays for every character, whitespace included).
 */
export function compactHeader(text: string, ranges: readonly TextRange[]): { compact: string; lines: LineIndex } {
  const pieces: Piece[] = [];
  let compactOffset = 0;
  for (const range of ranges) {
    pieces.push({ compactFrom: compactOffset, originalFrom: range.from, length: range.to - range.from });
    compactOffset += range.to - range.from;
  }
  return { compact: ranges.map((range) => text.slice(range.from, range.to)).join(''), lines: new MappedLineIndex(text, pieces) };
}

interface Piece {
  compactFrom: number;
  originalFrom: number;
  length: number;
}

/** Positions in the file for offsets in the joined text; a boundary offset opens the next piece, a range end closes the previous one. */
class MappedLineIndex extends LineIndex {
  constructor(
    text: string,
    private readonly pieces: readonly Piece[],
  ) {
    super(text);
  }

  override positionAt(offset: number): Position {
    return super.positionAt(this.original(offset, false));
  }

  override rangeOf(from: number, to: number): SourceRange {
    const start = this.original(from, false);
    return { start: super.positionAt(start), end: super.positionAt(Math.max(start, this.original(to, true))) };
  }

  private original(offset: number, isEnd: boolean): number {
    let chosen = this.pieces[0];
    for (const piece of this.pieces) {
      const inside = isEnd ? offset > piece.compactFrom : offset >= piece.compactFrom;
      if (!inside) break;
      chosen = piece;
    }
    if (!chosen) return offset;
    return chosen.originalFrom + Math.min(Math.max(offset - chosen.compactFrom, 0), chosen.length);
  }
}
