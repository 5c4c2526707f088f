/**
 * The cold index's first choice: read a migration header without building a parse tree, for
 * the files Alembic's own template writes (a docstring, imports, then `name[: annotation] =
 * literal` lines whose values are None, a plain string, or a bracketed sequence of plain
 * strings). Imports are checked against Python's grammar (importStatement.ts) and any other
 * statement goes to the parser, so a module prefix this reader accepts has no syntax error.
 *
 * Why: a lezer parse costs 0.1-0.2 ms per header before V8 has optimised the parser, which is
 * most of a cold index of 10,000 files; this reader costs a few microseconds. It is a real
 * tokenizer for Python's top level (string prefixes, triple-quoted strings spanning lines,
 * comments, brackets and backslash continuations; the loops are in topLevelScan.ts), never a
 * pattern match over lines, and it accepts only what it fully understands: the moment it meets
 * anything else (a name in a value, an f-string, a statement other than an import, a header name
 * used anywhere but as a plain assignment target, an annotation-only statement, a second `=`) it
 * returns undefined and the caller reads the file with lezer. What it returns is equal, range
 * for range, to what the lezer readers return for the same text
 * (test/unit/python/literalHeader.test.ts checks that on fixtures, generated histories and
 * random mutations).
 *
 * Every string it stores owns its characters (ownString): a header outlives the file's text.
 */
import type { LineIndex } from '../common/range';
import { ANNOTATIONS, ownString } from '../common/ownedStrings';
import { decodeStringLiteral } from './parser';
import { readDocstring } from './docstring';
import { importStatementEnd } from './importStatement';
import { emptyList } from '../common/emptyList';
import { HEADER_FIELD_OF, newMigrationHeader, type HeaderItem, type HeaderValue, type HeaderVariable, type HeaderVariableName, type HeaderUnderConstruction } from './headerTypes';
import {
  afterLineBreak,
  annotationEnd,
  endOfStatement,
  headerNameAt,
  identifierEnd,
  NEEDS_PARSER,
  plainStringEnd,
  skipBlanks,
  skipBracketTrivia,
  tripleQuotedEnd,
  wordAt,
} from './topLevelScan';


/** One reading: the text, where the module's prefix ends, and the position index for ranges. */
interface Source {
  readonly text: string;
  readonly cut: number;
  readonly lines: LineIndex;
}

/**
 * The header of `text` when everything before `cut` (the first top-level def/class) is simple
 * enough to read without a tree; undefined otherwise. Imports are not read (no value needs them
 * when every value is a literal), exactly as on the lezer fast path.
 */
export function readLiteralHeader(path: string, text: string, cut: number, lines: LineIndex): HeaderUnderConstruction | undefined {
  // Python also ends a line at a lone carriage return (old Mac files); this reader does not.
  if (hasLoneCarriageReturn(text, cut)) return undefined;
  const source: Source = { text, cut, lines };
  const header = newMigrationHeader(path, false);
  let pos = 0;
  let first = true;
  while (pos < cut) {
    const lineStart = pos;
    pos = skipBlanks(text, pos, cut);
    const code = text.charCodeAt(pos);
    if (pos >= cut || code === 10 || code === 13 || code === 35 /* # */) {
      pos = afterLineBreak(text, pos);
      continue;
    }
    if (pos !== lineStart) return undefined; // an indented statement at the top level
    if (first && startsPrefixedString(text, pos)) return undefined; // u"""docstring""": let the parser read it
    if (first && (code === 34 || code === 39)) {
      const end = readDocstringStatement(source, pos, header);
      if (end === NEEDS_PARSER) return undefined;
      pos = end;
    } else {
      const end = readStatement(source, pos, header);
      if (end === NEEDS_PARSER) return undefined;
      pos = end;
    }
    first = false;
  }
  // A file without any header variable is unusual (or not a migration): the parser reads it whole.
  if (!header.revision && !header.downRevision && !header.branchLabels && !header.dependsOn) return undefined;
  return header;
}

function hasLoneCarriageReturn(text: string, cut: number): boolean {
  for (let at = text.indexOf('\r'); at >= 0 && at < cut; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return true;
  }
  return false;
}

/** `u"..."`, `r'...'`, `rb"..."`: a string literal with a prefix. */
function startsPrefixedString(text: string, pos: number): boolean {
  const end = identifierEnd(text, pos);
  const quote = text.charCodeAt(end);
  return end > pos && end - pos <= 2 && (quote === 34 || quote === 39);
}

/** A leading `"""..."""` (or `'''`) alone on its line(s); any other string form goes to the parser. */
function readDocstringStatement(source: Source, start: number, header: HeaderUnderConstruction): number {
  const { text, cut, lines } = source;
  const quote = text.charCodeAt(start);
  if (text.charCodeAt(start + 1) !== quote || text.charCodeAt(start + 2) !== quote) return NEEDS_PARSER;
  const end = tripleQuotedEnd(text, start + 3, quote, cut);
  if (end === NEEDS_PARSER) return NEEDS_PARSER;
  const next = endOfStatement(text, end, cut);
  if (next === NEEDS_PARSER) return NEEDS_PARSER;
  const docstring = readDocstring(text, { from: start, to: end }, lines);
  if (!docstring) return NEEDS_PARSER;
  header.docstring = docstring;
  return next;
}

/** Any statement: a header assignment is read, anything else skipped (or handed to the parser). */
function readStatement(source: Source, start: number, header: HeaderUnderConstruction): number {
  const { text, cut } = source;
  const nameEnd = identifierEnd(text, start);
  if (nameEnd === NEEDS_PARSER || nameEnd === start) return NEEDS_PARSER;
  const name = headerNameAt(text, start, nameEnd);
  if (name) return readHeaderAssignment(source, start, nameEnd, name, header);
  // Imports are checked against the grammar; any other statement is the parser's (so a syntax
  // error anywhere in the module prefix is always reported, as a full parse would).
  return importStatementEnd(text, start, cut);
}

/** `name[: annotation] = value` where value is None, a string, or a bracketed list of strings. */
function readHeaderAssignment(source: Source, nameStart: number, nameEnd: number, name: HeaderVariableName, header: HeaderUnderConstruction): number {
  const { text, cut, lines } = source;
  let pos = skipBlanks(text, nameEnd, cut);
  let annotation: string | undefined;
  if (text.charCodeAt(pos) === 58 /* : */) {
    const annotationStart = pos + 1;
    const atomStart = skipBlanks(text, annotationStart, cut);
    annotation = checkedAnnotationAt(text, atomStart, cut);
    if (annotation !== undefined) {
      pos = skipBlanks(text, atomStart + annotation.length, cut);
    } else {
      pos = annotationEnd(text, atomStart, cut);
      if (pos === NEEDS_PARSER) return NEEDS_PARSER;
      annotation = ANNOTATIONS.own(text.slice(annotationStart, pos).trim());
      rememberCheckedAnnotation(annotation);
    }
  }
  if (text.charCodeAt(pos) !== 61 /* = */ || text.charCodeAt(pos + 1) === 61) return NEEDS_PARSER;
  const value = readValue(source, skipBlanks(text, pos + 1, cut));
  if (!value) return NEEDS_PARSER;
  if (name === 'revision' && value.value.shape !== 'scalar') return NEEDS_PARSER; // a problem: let the parser word it
  const next = endOfStatement(text, value.end, cut);
  if (next === NEEDS_PARSER) return NEEDS_PARSER;
  const variable: HeaderVariable = {
    name,
    value: value.value,
    nameRange: lines.rangeOf(nameStart, nameEnd),
    statementRange: lines.rangeOf(nameStart, value.end),
    annotation,
  };
  header[HEADER_FIELD_OF[name]] = variable;
  return next;
}

/**
 * Annotations annotationEnd has accepted (as written, trimmed). A history spells the same few
 * annotations in every file, and annotationEnd is a small state machine that runs mostly before
 * V8 has optimised it: an annotation seen before is recognised with one native comparison. The
 * checker reads an annotation's characters and nothing after them but the blanks and the `=`,
 * so the same characters followed by blanks and `=` are accepted here exactly when it would.
 */
const CHECKED_ANNOTATIONS: string[] = [];
const CHECKED_ANNOTATIONS_LIMIT = 16;

function checkedAnnotationAt(text: string, start: number, cut: number): string | undefined {
  for (const annotation of CHECKED_ANNOTATIONS) {
    if (!text.startsWith(annotation, start)) continue;
    const after = skipBlanks(text, start + annotation.length, cut);
    if (after < cut && text.charCodeAt(after) === 61 /* = */) return annotation;
  }
  return undefined;
}

function rememberCheckedAnnotation(annotation: string): void {
  if (annotation.length > 0 && CHECKED_ANNOTATIONS.length < CHECKED_ANNOTATIONS_LIMIT && !CHECKED_ANNOTATIONS.includes(annotation)) {
    CHECKED_ANNOTATIONS.push(annotation);
  }
}

/** None, a plain string, or a bracketed sequence of plain strings; undefined for anything else. */
function readValue(source: Source, start: number): { value: HeaderValue; end: number } | undefined {
  const { text, lines } = source;
  const code = text.charCodeAt(start);
  if (wordAt(text, start, 'None')) {
    return { value: { shape: 'none', items: emptyList(), range: lines.rangeOf(start, start + 4) }, end: start + 4 };
  }
  if (code === 34 || code === 39) {
    const item = readStringItem(source, start);
    if (!item) return undefined;
    return { value: { shape: 'scalar', items: [item.item], range: item.item.range }, end: item.end };
  }
  if (code === 40 || code === 91) return readBracketed(source, start, code === 40 ? 41 : 93);
  return undefined;
}

/** `( "a", "b", )`, `["a"]`, `()`; `("a")` is the scalar "a" in parentheses, as in Python. */
function readBracketed(source: Source, start: number, close: number): { value: HeaderValue; end: number } | undefined {
  const { text, cut, lines } = source;
  let pos = start + 1;
  const items: HeaderItem[] = [];
  let sawComma = false;
  for (;;) {
    pos = skipBracketTrivia(text, pos, cut);
    if (pos === NEEDS_PARSER) return undefined;
    const code = text.charCodeAt(pos);
    if (code === close) break;
    if (code !== 34 && code !== 39) return undefined;
    const item = readStringItem(source, pos);
    if (!item) return undefined;
    items.push(item.item);
    pos = skipBracketTrivia(text, item.end, cut);
    if (pos === NEEDS_PARSER) return undefined;
    const after = text.charCodeAt(pos);
    if (after === 44 /* , */) {
      sawComma = true;
      pos++;
    } else if (after !== close) return undefined;
  }
  const end = pos + 1;
  const range = lines.rangeOf(start, end);
  const shape = close === 41 && items.length === 1 && !sawComma ? 'scalar' : 'sequence';
  return { value: { shape, items, range }, end };
}

/** A plain `"abc"` / `'abc'` item with its decoded value. */
function readStringItem(source: Source, start: number): { item: HeaderItem & { kind: 'string' }; end: number } | undefined {
  const { text, cut, lines } = source;
  const end = plainStringEnd(text, start, cut);
  if (end === NEEDS_PARSER) return undefined;
  const raw = text.slice(start, end);
  // Ids and labels rarely hold escapes: then the value is the text between the quotes.
  const value = raw.includes('\\') ? decodeStringLiteral(raw) : raw.slice(1, -1);
  if (value === undefined) return undefined;
  return { item: { kind: 'string', value: ownString(value), range: lines.rangeOf(start, end) }, end };
}
