/**
 * Where a character of the SQL inside `op.execute("...")` sits in the Python file. The
 * interpreter gives the SQL's value and the range of the call; this finds the string literal (or
 * the implicitly concatenated literals, `"a" "b"`) in the call whose value is that SQL, and maps
 * each offset of the value back through prefixes, quotes and escapes to the source. When the SQL
 * was built some other way (a constant, `+`, an f-string) there is no such literal, and the caller
 * points at the call instead.
 */
export interface StringLocator {
  /** Source offset of the character at `offset` of the value (the end maps past the last one). */
  sourceOffset(offset: number): number;
}

interface Literal {
  /**
   * Source offset of each value character, plus one past the end; undefined when the value is the
   * source text from `start` as it stands (no escape), so character i sits at `start + i`.
   */
  offsets: number[] | undefined;
  start: number;
  value: string;
  end: number;
}

/** The literal's offsets, made when a located value spans several literals. */
function offsetsOf(literal: Literal): number[] {
  if (literal.offsets) return literal.offsets;
  const offsets: number[] = [];
  for (let i = 0; i <= literal.value.length; i++) offsets.push(literal.start + i);
  return offsets;
}

/** Finds `value` as a literal (or concatenated literals) between `from` and `to` in `source`. */
export function locateString(source: string, from: number, to: number, value: string): StringLocator | undefined {
  return findInLiterals(source, from, to, (literal, locator) => (literal === value ? locator() : undefined));
}

/**
 * The source offset of the character at `position` of `statement`, a statement rendered from the
 * call between `from` and `to` (Alembic's SQL for `op.create_table(...)`), when that character
 * comes from a string literal of the call (`server_default=sa.text("...")`): the longest literal
 * of two characters or more whose value appears in the statement over `position`. Undefined when
 * none does (the character comes from a name, a type, or the renderer itself).
 */
export function sourceOffsetInRendered(source: string, from: number, to: number, statement: string, position: number): number | undefined {
  let best: { length: number; offset: number } | undefined;
  findInLiterals(source, from, to, (literal, locator) => {
    if (literal.length < 2 || (best && best.length >= literal.length)) return undefined;
    for (let at = statement.indexOf(literal); at >= 0 && at <= position; at = statement.indexOf(literal, at + 1)) {
      if (position < at + literal.length) {
        best = { length: literal.length, offset: locator().sourceOffset(position - at) };
        break;
      }
    }
    return undefined;
  });
  return best?.offset;
}

/**
 * Calls `visit` with the value of each string literal between `from` and `to` (implicitly
 * concatenated ones joined), in order, until it returns a result; `locator` maps the value's
 * offsets to the source, made only when asked for.
 */
function findInLiterals<T>(source: string, from: number, to: number, visit: (value: string, locator: () => StringLocator) => T | undefined): T | undefined {
  let at = from;
  while (at < to) {
    const quote = nextQuote(source, at, to);
    if (quote < 0) return undefined;
    const first = readLiteral(source, quote, to);
    if (!first) {
      at = quote + 1;
      continue;
    }
    // Implicit concatenation: literals separated only by white space, continuations or comments.
    const pieces = [first];
    let next = skipBetweenLiterals(source, first.end, to);
    for (let literal = next < to ? readLiteral(source, next, to) : undefined; literal; literal = next < to ? readLiteral(source, next, to) : undefined) {
      pieces.push(literal);
      next = skipBetweenLiterals(source, literal.end, to);
    }
    const joined = pieces.length === 1 ? first.value : pieces.map((piece) => piece.value).join('');
    const found = visit(joined, () => locatorOf(pieces));
    if (found !== undefined) return found;
    at = first.end;
  }
  return undefined;
}

function locatorOf(pieces: Literal[]): StringLocator {
  const first = pieces[0];
  if (pieces.length === 1 && first.offsets === undefined) {
    const { start, value: text } = first;
    return { sourceOffset: (offset) => start + Math.max(0, Math.min(offset, text.length)) };
  }
  const offsets = pieces.flatMap((piece, index) => (index === pieces.length - 1 ? offsetsOf(piece) : offsetsOf(piece).slice(0, -1)));
  return { sourceOffset: (offset) => offsets[Math.max(0, Math.min(offset, offsets.length - 1))] };
}

function nextQuote(source: string, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    const char = source[at];
    if (char === '#') {
      while (at < to && source[at] !== '\n') at++;
    } else if (char === '"' || char === "'") {
      // Include a string prefix (r, u, b, f and pairs) right before the quote.
      let start = at;
      while (start > from && /[rRuUbBfF]/.test(source[start - 1]) && at - start < 2) start--;
      if (start > from && /[\w]/.test(source[start - 1])) return at;
      return start;
    }
  }
  return -1;
}

function skipBetweenLiterals(source: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    if (/\s/.test(source[at])) at++;
    else if (source[at] === '\\' && source[at + 1] === '\n') at += 2;
    else if (source[at] === '#') while (at < to && source[at] !== '\n') at++;
    else break;
  }
  return at;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** No backslash or carriage return between `from` and `to` (no line break either, for a one-line literal). */
function isPlainText(source: string, from: number, to: number, triple: boolean): boolean {
  for (let at = from; at < to; at++) {
    const c = source.charCodeAt(at);
    if (c === 92 || c === 13 || (c === 10 && !triple)) return false;
  }
  return true;
}

/** Reads a Python string literal (with prefix) starting at `start`; undefined for f-strings and bytes. */
function readLiteral(source: string, start: number, to: number): Literal | undefined {
  let at = start;
  let prefix = '';
  while (at < to && /[rRuUbBfF]/.test(source[at])) prefix += source[at++].toLowerCase();
  const quoteChar = source[at];
  if (quoteChar !== '"' && quoteChar !== "'") return undefined;
  if (prefix.includes('f') || prefix.includes('b') || prefix.length > 2) return undefined;
  const raw = prefix.includes('r');
  const triple = source.startsWith(quoteChar.repeat(3), at);
  const delimiter = triple ? quoteChar.repeat(3) : quoteChar;
  at += delimiter.length;
  // Most SQL is written without escapes: then the value is the text up to the closing quote.
  const close = source.indexOf(delimiter, at);
  if (close >= 0 && close < to && isPlainText(source, at, close, triple)) {
    return { offsets: undefined, start: at, value: source.slice(at, close), end: close + delimiter.length };
  }
  const bodyStart = at;
  const offsets: number[] = [];
  let value = '';
  while (at < to) {
    if (source.startsWith(delimiter, at)) {
      offsets.push(at);
      return { offsets, start: bodyStart, value, end: at + delimiter.length };
    }
    const char = source[at];
    if (!triple && (char === '\n' || char === '\r')) return undefined;
    // A line break written as CRLF or CR is "\n" in the value (Python's universal newlines).
    if (char === '\r') {
      offsets.push(at);
      value += '\n';
      at += source[at + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (char === '\\' && !raw) {
      const next = source[at + 1];
      if (next === '\n' || next === '\r') {
        // a continuation inside the string adds nothing
        at += next === '\r' && source[at + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (next in SIMPLE_ESCAPES && next !== '0') {
        offsets.push(at);
        value += SIMPLE_ESCAPES[next];
        at += 2;
        continue;
      }
      const hex = /^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/.exec(source.slice(at + 1, at + 10));
      if (hex) {
        const digits = hex[1];
        const code = /^[0-7]/.test(digits) ? parseInt(digits, 8) : parseInt(digits.slice(1), 16);
        const text = String.fromCodePoint(code);
        for (let k = 0; k < text.length; k++) offsets.push(at);
        value += text;
        at += 1 + digits.length;
        continue;
      }
      // An unknown escape keeps the backslash, as Python does.
    } else if (char === '\\' && raw && (source[at + 1] === quoteChar || source[at + 1] === '\\')) {
      offsets.push(at, at + 1);
      value += char + source[at + 1];
      at += 2;
      continue;
    }
    offsets.push(at);
    value += char;
    at++;
  }
  return undefined;
}
