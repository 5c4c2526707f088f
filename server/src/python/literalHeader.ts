/**
 * The cold index's first choice: read a migration header without building a parse tree, for
 * the files Alembic's own template writes (a docstring, then `name[: annotation] = literal`
 * lines whose values are None, a plain string, or a bracketed sequence of plain strings).
 *
 * Why: a lezer parse costs 0.1-0.2 ms per header before V8 has optimised the parser, which is
 * most of a cold index of 10,000 files; this reader costs a few microseconds. It is a real
 * tokenizer for Python's top level (string prefixes, triple-quoted strings spanning lines,
 * comments, brackets and backslash continuations), never a pattern match over lines, and it
 * accepts only what it fully understands: the moment it meets anything else (a name in a value,
 * an f-string, a compound statement, a header name used anywhere but as a plain assignment
 * target, an annotation-only statement, a second `=`) it returns undefined and the caller reads
 * the file with lezer. What it returns is equal, range for range, to what the lezer readers
 * return for the same text (test/unit/python/literalHeader.test.ts checks that on fixtures,
 * generated histories and random mutations).
 *
 * Every string it stores owns its characters (ownString): a header outlives the file's text.
 */
import type { LineIndex } from '../common/range';
import { ownString } from '../common/ownedStrings';
import { decodeStringLiteral } from './parser';
import { readDocstring } from './docstring';
import type { HeaderItem, HeaderValue, HeaderVariable, HeaderVariableName, MigrationHeader } from './headerTypes';

const FIELD_OF: Record<HeaderVariableName, 'revision' | 'downRevision' | 'branchLabels' | 'dependsOn'> = {
  revision: 'revision',
  down_revision: 'downRevision',
  branch_labels: 'branchLabels',
  depends_on: 'dependsOn',
};

/** Statements that open a block: a header variable under one depends on run time. */
const BLOCK_KEYWORDS = byLength(['if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'for', 'while', 'def', 'class', 'async', 'match', 'case']);

/** Lower-case reserved words (`None`, `True` and `False` name values; a type annotation may hold None). */
const PYTHON_KEYWORDS = byLength([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/** Thrown (and caught in readLiteralHeader) when the text needs the real parser. */
class NeedsParser extends Error {}
const NEEDS_PARSER = new NeedsParser();

/**
 * The header of `text` when everything before `cut` (the first top-level def/class) is simple
 * enough to read without a tree; undefined otherwise. Imports are not read (no value needs them
 * when every value is a literal), exactly as on the lezer fast path.
 */
export function readLiteralHeader(path: string, text: string, cut: number, lines: LineIndex): MigrationHeader | undefined {
  try {
    return new HeaderScanner(path, text, cut, lines).read();
  } catch (error) {
    if (error === NEEDS_PARSER) return undefined;
    throw error;
  }
}

class HeaderScanner {
  private pos = 0;

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly cut: number,
    private readonly lines: LineIndex,
  ) {}

  read(): MigrationHeader {
    const header: MigrationHeader = { file: this.path, imports: [], problems: [], parsedWholeFile: false };
    let first = true;
    while (this.pos < this.cut) {
      const lineStart = this.pos;
      this.skipBlanks();
      const ch = this.text.charCodeAt(this.pos);
      if (this.pos >= this.cut || ch === 10 || ch === 13 || ch === 35 /* # */) {
        this.skipRestOfLine();
        continue;
      }
      if (this.pos !== lineStart) throw NEEDS_PARSER; // indented statement at the top level
      if (first && (ch === 34 || ch === 39)) {
        header.docstring = this.readDocstringStatement();
      } else {
        this.readStatement(header);
      }
      first = false;
    }
    // A file without any header variable is unusual (or not a migration): the parser reads it whole.
    if (!header.revision && !header.downRevision && !header.branchLabels && !header.dependsOn) throw NEEDS_PARSER;
    return header;
  }

  /** A leading `"""..."""` (or `'''`) alone on its line(s); any other string form goes to the parser. */
  private readDocstringStatement(): MigrationHeader['docstring'] {
    const { text } = this;
    const start = this.pos;
    const quote = text[start];
    if (text[start + 1] !== quote || text[start + 2] !== quote) throw NEEDS_PARSER;
    const end = this.tripleQuotedEnd(start + 3, quote);
    this.pos = end;
    this.expectEndOfStatement();
    const docstring = readDocstring(text, { from: start, to: end }, this.lines);
    if (!docstring) throw NEEDS_PARSER;
    return docstring;
  }

  private readStatement(header: MigrationHeader): void {
    const nameStart = this.pos;
    const nameEnd = this.identifierEnd(nameStart);
    const name = headerNameAt(this.text, nameStart, nameEnd);
    if (name) {
      this.pos = nameEnd;
      this.readHeaderAssignment(header, name, nameStart);
      return;
    }
    if (nameEnd === nameStart || isKeywordAt(this.text, nameStart, nameEnd, BLOCK_KEYWORDS)) throw NEEDS_PARSER;
    this.pos = nameEnd;
    this.skipLogicalLine();
  }

  /** `name[: annotation] = value` where value is None, a string, or a bracketed list of strings. */
  private readHeaderAssignment(header: MigrationHeader, name: HeaderVariableName, nameStart: number): void {
    const { text } = this;
    const nameEnd = this.pos;
    this.skipBlanks();
    let annotation: string | undefined;
    if (text[this.pos] === ':') {
      const annotationStart = this.pos + 1;
      this.pos++;
      this.skipBlanks();
      this.readTypeExpression(0);
      this.skipBlanks();
      annotation = ownString(text.slice(annotationStart, this.pos).trim());
    }
    if (text[this.pos] !== '=' || text[this.pos + 1] === '=') throw NEEDS_PARSER;
    this.pos++;
    this.skipBlanks();
    const value = this.readValue();
    if (name === 'revision' && value.shape !== 'scalar') throw NEEDS_PARSER; // a problem: let the parser word it
    const statementEnd = this.pos;
    this.expectEndOfStatement();
    const variable: HeaderVariable = {
      name,
      value,
      nameRange: this.lines.rangeOf(nameStart, nameEnd),
      statementRange: this.lines.rangeOf(nameStart, statementEnd),
    };
    if (annotation !== undefined) variable.annotation = annotation;
    header[FIELD_OF[name]] = variable;
  }

  private readValue(): HeaderValue {
    const { text } = this;
    const start = this.pos;
    const ch = text[start];
    if (text.startsWith('None', start) && !isIdentifierCode(text.charCodeAt(start + 4))) {
      this.pos = start + 4;
      return { shape: 'none', items: [], range: this.lines.rangeOf(start, this.pos) };
    }
    if (ch === '"' || ch === "'") {
      const item = this.readPlainString();
      return { shape: 'scalar', items: [item], range: item.range };
    }
    if (ch === '(' || ch === '[') return this.readBracketed(ch === '(' ? ')' : ']');
    throw NEEDS_PARSER;
  }

  /** `( "a", "b", )`, `["a"]`, `()`; `("a")` is the scalar "a" in parentheses, as in Python. */
  private readBracketed(close: string): HeaderValue {
    const { text } = this;
    const start = this.pos;
    this.pos++;
    const items: HeaderItem[] = [];
    let sawComma = false;
    for (;;) {
      this.skipTriviaInBrackets();
      const ch = text[this.pos];
      if (ch === close) break;
      if (ch !== '"' && ch !== "'") throw NEEDS_PARSER;
      items.push(this.readPlainString());
      this.skipTriviaInBrackets();
      if (text[this.pos] === ',') {
        sawComma = true;
        this.pos++;
      } else if (text[this.pos] !== close) throw NEEDS_PARSER;
    }
    this.pos++;
    const range = this.lines.rangeOf(start, this.pos);
    if (close === ')' && items.length === 1 && !sawComma) return { shape: 'scalar', items, range };
    return { shape: 'sequence', items, range };
  }

  /** `"abc"` or `'abc'` on one line, escapes allowed; implicit concatenation goes to the parser. */
  private readPlainString(): HeaderItem & { kind: 'string' } {
    const { text } = this;
    const start = this.pos;
    const quote = text[start];
    if (text[start + 1] === quote && text[start + 2] === quote) throw NEEDS_PARSER;
    let i = start + 1;
    for (; i < this.cut; i++) {
      const ch = text[i];
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === '\n' || next === '\r') throw NEEDS_PARSER;
        i++;
      } else if (ch === quote) break;
      else if (ch === '\n' || ch === '\r') throw NEEDS_PARSER;
    }
    if (i >= this.cut) throw NEEDS_PARSER;
    this.pos = i + 1;
    const value = decodeStringLiteral(text.slice(start, this.pos));
    if (value === undefined) throw NEEDS_PARSER;
    const after = this.peekPastBlanks();
    if (text[after] === '"' || text[after] === "'") throw NEEDS_PARSER;
    return { kind: 'string', value: ownString(value), range: this.lines.rangeOf(start, this.pos) };
  }

  /**
   * A type annotation in the forms headers use (`str`, `Union[str, Sequence[str], None]`,
   * `str | None`, `tuple[str, ...]`, `"Forward"`), checked as Python would: an annotation the
   * parser rejects makes the whole statement a syntax error, so anything else goes to it.
   */
  private readTypeExpression(depth: number): void {
    for (;;) {
      this.readTypeAtom(depth);
      this.skipTypeBlanks(depth);
      if (this.text[this.pos] !== '|') return;
      this.pos++;
      this.skipTypeBlanks(depth);
    }
  }

  private readTypeAtom(depth: number): void {
    const { text } = this;
    const ch = text[this.pos];
    if (ch === '"' || ch === "'") {
      this.readPlainString();
      return;
    }
    if (text.startsWith('...', this.pos)) {
      this.pos += 3;
      return;
    }
    if (ch === '[') {
      this.readTypeArguments(depth); // the parameter list of Callable[[int], str]
      return;
    }
    for (;;) {
      const start = this.pos;
      const end = this.identifierEnd(start);
      if (end === start || headerNameAt(text, start, end) || isKeywordAt(text, start, end, PYTHON_KEYWORDS)) throw NEEDS_PARSER;
      this.pos = end;
      this.skipTypeBlanks(depth);
      if (text[this.pos] !== '.') break;
      this.pos++;
      this.skipTypeBlanks(depth);
    }
    if (text[this.pos] === '[') this.readTypeArguments(depth);
  }

  /** `[arg, arg, ...]` with an optional trailing comma; not empty. */
  private readTypeArguments(depth: number): void {
    const { text } = this;
    this.pos++;
    this.skipTypeBlanks(depth + 1);
    if (text[this.pos] === ']' && depth > 0) {
      this.pos++; // Callable[[], str]
      return;
    }
    for (;;) {
      this.readTypeExpression(depth + 1);
      this.skipTypeBlanks(depth + 1);
      const ch = text[this.pos];
      if (ch === ']') break;
      if (ch !== ',') throw NEEDS_PARSER;
      this.pos++;
      this.skipTypeBlanks(depth + 1);
      if (text[this.pos] === ']') break;
    }
    this.pos++;
  }

  /** Blanks, and inside brackets line breaks and comments too. */
  private skipTypeBlanks(depth: number): void {
    if (depth > 0) this.skipTriviaInBrackets();
    else this.skipBlanks();
  }

  /** Any statement that is not a header assignment: skipped whole, but it must not mention a header name. */
  private skipLogicalLine(): void {
    let depth = 0;
    while (this.pos < this.cut) {
      const ch = this.text[this.pos];
      if (depth === 0 && (ch === '\n' || ch === '\r' || ch === '#')) {
        this.skipRestOfLine();
        return;
      }
      if (ch === '\\') {
        this.skipContinuation();
        continue;
      }
      depth += this.skipToken();
    }
    throw NEEDS_PARSER; // the statement runs into the first def: unusual
  }

  /**
   * One token or character: a string literal whole, a comment to its end (inside brackets), an
   * identifier (a header name anywhere here means the parser must decide), or one character.
   * Returns the change in bracket depth.
   */
  private skipToken(): number {
    const { text } = this;
    const code = text.charCodeAt(this.pos);
    if (isIdentifierStartCode(code)) {
      const start = this.pos;
      const end = this.identifierEnd(start);
      if (headerNameAt(text, start, end)) throw NEEDS_PARSER;
      this.pos = end;
      const next = text.charCodeAt(end);
      if ((next === 34 || next === 39) && end - start <= 2) {
        // A string prefix: rb'' and friends are skipped; f-strings may nest anything, so they go to the parser.
        for (let i = start; i < end; i++) if ((text.charCodeAt(i) | 32) === 102 /* f */) throw NEEDS_PARSER;
        this.skipString();
      }
      return 0;
    }
    if (code > 127) throw NEEDS_PARSER; // a non-ASCII identifier could hide a header name
    switch (code) {
      case 34: // "
      case 39: // '
        this.skipString();
        return 0;
      case 35: // #
        this.skipRestOfLine();
        return 0;
      case 92: // backslash
        this.skipContinuation();
        return 0;
      case 40: // (
      case 91: // [
      case 123: // {
        this.pos++;
        return 1;
      case 41: // )
      case 93: // ]
      case 125: // }
        this.pos++;
        return -1;
      default:
        this.pos++;
        return 0;
    }
  }

  /** A string starting at its quote (prefix already consumed), single or triple quoted. */
  private skipString(): void {
    const { text } = this;
    const quote = text[this.pos];
    if (text[this.pos + 1] === quote && text[this.pos + 2] === quote) {
      this.pos = this.tripleQuotedEnd(this.pos + 3, quote);
      return;
    }
    for (let i = this.pos + 1; i < this.cut; i++) {
      const ch = text[i];
      if (ch === '\\') i++;
      else if (ch === quote) {
        this.pos = i + 1;
        return;
      } else if (ch === '\n' || ch === '\r') throw NEEDS_PARSER;
    }
    throw NEEDS_PARSER;
  }

  /** Offset just after the closing triple quote of a string whose body starts at `bodyStart`. */
  private tripleQuotedEnd(bodyStart: number, quote: string): number {
    const { text } = this;
    // Usually no backslash comes before the closing quotes: find them directly.
    const close = text.indexOf(quote + quote + quote, bodyStart);
    const backslash = text.indexOf('\\', bodyStart);
    if (close >= 0 && close + 3 <= this.cut && (backslash < 0 || backslash > close)) return close + 3;
    for (let i = bodyStart; i < this.cut; i++) {
      const ch = text[i];
      if (ch === '\\') i++;
      else if (ch === quote && text[i + 1] === quote && text[i + 2] === quote) return i + 3;
    }
    throw NEEDS_PARSER;
  }

  /** A backslash that joins the next line: only `\` right before the line break is valid. */
  private skipContinuation(): void {
    const next = this.text[this.pos + 1];
    if (next === '\n') this.pos += 2;
    else if (next === '\r' && this.text[this.pos + 2] === '\n') this.pos += 3;
    else throw NEEDS_PARSER;
  }

  private skipTriviaInBrackets(): void {
    const { text } = this;
    while (this.pos < this.cut) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f') this.pos++;
      else if (ch === '#') this.skipRestOfLine();
      else if (ch === '\\') this.skipContinuation();
      else return;
    }
    throw NEEDS_PARSER;
  }

  /** After a statement: blanks, an optional comment, then the line break (or the end of the text). */
  private expectEndOfStatement(): void {
    this.skipBlanks();
    const ch = this.text[this.pos];
    if (this.pos >= this.text.length || ch === '\n' || ch === '\r' || ch === '#') {
      this.skipRestOfLine();
      return;
    }
    throw NEEDS_PARSER;
  }

  private skipBlanks(): void {
    const { text } = this;
    while (this.pos < this.cut) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\f') this.pos++;
      else return;
    }
  }

  private peekPastBlanks(): number {
    let i = this.pos;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return i;
  }

  /** Moves past the next line break (or to the end of the text). */
  private skipRestOfLine(): void {
    const next = this.text.indexOf('\n', this.pos);
    this.pos = next < 0 ? this.text.length : next + 1;
  }

  /** End of the ASCII identifier starting at `start` (`start` itself when there is none). */
  private identifierEnd(start: number): number {
    const { text } = this;
    if (!isIdentifierStartCode(text.charCodeAt(start))) return start;
    let i = start + 1;
    while (isIdentifierCode(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) > 127) throw NEEDS_PARSER; // continues with a non-ASCII letter
    return i;
  }
}

/**
 * The header variable named by text[start, end), compared in place: this runs for every
 * identifier of the header, and slicing each one into a string to look it up cost more than
 * everything else the reader does.
 */
function headerNameAt(text: string, start: number, end: number): HeaderVariableName | undefined {
  switch (end - start) {
    case 8:
      return text.startsWith('revision', start) ? 'revision' : undefined;
    case 10:
      return text.startsWith('depends_on', start) ? 'depends_on' : undefined;
    case 13:
      if (text.startsWith('down_revision', start)) return 'down_revision';
      return text.startsWith('branch_labels', start) ? 'branch_labels' : undefined;
    default:
      return undefined;
  }
}

/** Whether text[start, end) is one of `keywords` (grouped by length), compared in place. */
function isKeywordAt(text: string, start: number, end: number, keywords: readonly (readonly string[])[]): boolean {
  const candidates = keywords[end - start];
  if (!candidates) return false;
  for (const keyword of candidates) if (text.startsWith(keyword, start)) return true;
  return false;
}

function byLength(words: readonly string[]): string[][] {
  const grouped: string[][] = [];
  for (const word of words) (grouped[word.length] ??= []).push(word);
  return grouped;
}

function isIdentifierStartCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isIdentifierCode(code: number): boolean {
  return isIdentifierStartCode(code) || (code >= 48 && code <= 57);
}
