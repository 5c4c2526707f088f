/**
 * The fastest safe path for the cold index: pick the few text ranges that hold a migration's
 * header (the module docstring and the four `revision` / `down_revision` / `branch_labels` /
 * `depends_on` assignments, without their type annotations) and blank out everything else with
 * spaces (newlines kept), so lezer parses a text of the same length: offsets, lines and columns
 * stay those of the file and every reader works unchanged.
 *
 * Why: typed headers (`down_revision: Union[str, Sequence[str], None] = ...`) make lezer's
 * parse of the module prefix about five times dearer than the values alone, and the cold index
 * of 10,000 files must stay under a second. These scans only choose cut points; every value is
 * still read from the lezer tree, and the caller falls back to a full prefix parse whenever a
 * scan is unsure (returns undefined) or the tree shows anything but plain literals.
 */
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

/** End offset (after the newline) of a leading triple-quoted docstring; 0 when there is none. */
function leadingDocstringEnd(text: string, cut: number): number | undefined {
  if (!text.startsWith('"""') && !text.startsWith("'''")) {
    return startsStringLiteral(text) ? undefined : 0;
  }
  const quote = text.slice(0, 3);
  for (let i = 3; i < cut; i++) {
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

/** The first `cut` characters of `text` with everything outside `ranges` turned into spaces (newlines kept). */
export function keepOnly(text: string, cut: number, ranges: readonly TextRange[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const range of ranges) {
    pieces.push(blank(text.slice(at, range.from)), text.slice(range.from, range.to));
    at = range.to;
  }
  pieces.push(blank(text.slice(at, cut)));
  return pieces.join('');
}

function blank(gap: string): string {
  return gap
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n');
}
