/**
 * The fast parser's tokenizer: Python's tokens as @lezer/python cuts them (its string escapes,
 * its number forms, its keywords), comments kept aside for the tree, and the indentation of each
 * logical line. It handles the common subset of Python that migrations are written in and gives
 * up (`Bail`) on anything else (a tab in an indentation, a line continuation, an f-string, a
 * carriage return, a non-ASCII name, an unterminated string), so the caller parses with lezer:
 * where the fast parser answers, its tree is lezer's.
 */

/** Thrown where the fast path stops; caught by `fastParsePython`, which then returns undefined. */
export class Bail {
  constructor(readonly why: string) {}
}

export const enum Tok {
  Name,
  Keyword,
  Number,
  String,
  Op,
  Newline,
  Eof,
}

const KEYWORDS = new Set([
  'async', 'def', 'if', 'as', 'class', 'del', 'pass', 'break', 'continue', 'return', 'raise', 'from', 'import', 'global',
  'nonlocal', 'assert', 'else', 'elif', 'while', 'for', 'in', 'try', 'except', 'finally', 'with', 'lambda', 'or', 'and',
  'not', 'is', 'await', 'yield', 'None', 'True', 'False',
]);

/** Names the parser looks at although they are no keyword: soft keywords and Python 2's print. */
const SOFT_KEYWORDS = new Set(['match', 'case', 'type', 'print']);
/** First letters of keywords and soft keywords (a name starting otherwise is a plain name). */
const KEYWORD_STARTS = new Set([...KEYWORDS, ...SOFT_KEYWORDS].map((word) => word.charCodeAt(0)));
const c0 = (text: string, at: number): number => text.charCodeAt(at);

/** String prefixes lezer reads as a (non-format) string start, in every case. */
const STRING_PREFIXES = new Set(['u', 'b', 'r', 'rb', 'br']);

/** Operators, longest first within each leading character (lezer's tokenizer takes the longest). */
const OPERATORS: Record<string, readonly string[]> = {
  '(': ['('], ')': [')'], '[': ['['], ']': [']'], '{': ['{'], '}': ['}'], ',': [','], ';': [';'],
  ':': [':=', ':'], '.': ['...', '.'], '-': ['->', '-=', '-'], '=': ['==', '='], '!': ['!='],
  '<': ['<<=', '<=', '<>', '<<', '<'], '>': ['>>=', '>=', '>>', '>'], '+': ['+=', '+'],
  '*': ['**=', '**', '*=', '*'], '/': ['//=', '//', '/=', '/'], '%': ['%=', '%'], '@': ['@=', '@'],
  '&': ['&=', '&'], '|': ['|=', '|'], '^': ['^=', '^'], '~': ['~'],
};

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || isDigit(c);

export class Scanner {
  pos = 0;
  /** Open brackets: inside them line breaks are spaces. */
  private depth = 0;
  type = Tok.Eof;
  start = 0;
  end = 0;
  /** The token's text for keywords and operators, and for names the parser checks (soft keywords); '' for other names. */
  value = '';
  /** Whether the current token is the first of its logical line, and that line's indentation. */
  lineStart = true;
  lineIndent = 0;
  /** Escapes of the current string token, as start/end pairs. */
  readonly escapes: number[] = [];
  /** Comments met and not yet placed in the tree, as start/end pairs, in text order. */
  readonly comments: number[] = [];
  commentsTaken = 0;
  private first = true;

  constructor(readonly text: string) {
    this.skipBlankLines();
    this.advance();
  }

  /** Moves to the next token. */
  advance(): void {
    const text = this.text;
    this.lineStart = this.type === Tok.Newline || this.first;
    this.first = false;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
      } else if (c === 35) {
        this.comment();
      } else if (c === 10) {
        if (this.depth > 0) {
          this.pos++;
          continue;
        }
        this.set(Tok.Newline, this.pos, this.pos + 1, '\n');
        this.pos++;
        this.skipBlankLines();
        return;
      } else if (c !== c) {
        this.set(Tok.Eof, text.length, text.length, '');
        return;
      } else if (c === 13 || c === 92) {
        throw new Bail('carriage return or line continuation');
      } else {
        break;
      }
    }
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (isNameStart(c)) return this.word(start);
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) return this.number(start);
    if (c === 34 || c === 39) return this.string(start, start);
    const candidates = OPERATORS[text[start]];
    if (candidates === undefined) throw new Bail(`unexpected character at ${start}`);
    for (const op of candidates) {
      if (text.startsWith(op, start)) {
        if (op === '(' || op === '[' || op === '{') this.depth++;
        else if (op === ')' || op === ']' || op === '}') {
          if (this.depth === 0) throw new Bail('unbalanced bracket');
          this.depth--;
        }
        this.pos = start + op.length;
        this.set(Tok.Op, start, this.pos, op);
        return;
      }
    }
    throw new Bail(`unknown operator at ${start}`);
  }

  private set(type: Tok, start: number, end: number, value: string): void {
    this.type = type;
    this.start = start;
    this.end = end;
    this.value = value;
  }

  private comment(): void {
    const text = this.text;
    let end = this.pos;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10) break;
      if (c === 13) throw new Bail('carriage return');
      end++;
    }
    this.comments.push(this.pos, end);
    this.pos = end;
  }

  /**
   * After a newline outside brackets: skips lines that hold only spaces or a comment (lezer's
   * blank lines, which never change the indentation) and measures the next line's indentation.
   */
  private skipBlankLines(): void {
    const text = this.text;
    for (;;) {
      let at = this.pos;
      while (text.charCodeAt(at) === 32) at++;
      const c = text.charCodeAt(at);
      if (c === 10) {
        this.pos = at + 1;
      } else if (c === 35) {
        this.pos = at;
        this.comment();
        if (this.pos < text.length) this.pos++;
      } else if (c !== c) {
        // Spaces on the last line, with no newline after them, are an indentation to lezer.
        if (at > this.pos) throw new Bail('spaces at the end of the text');
        this.lineIndent = 0;
        return;
      } else if (c === 9 || c === 12 || c === 13 || c === 92) {
        throw new Bail('tab, form feed, carriage return or continuation at a line start');
      } else {
        this.lineIndent = at - this.pos;
        this.pos = at;
        return;
      }
    }
  }

  private word(start: number): void {
    const text = this.text;
    let end = start + 1;
    while (isNameChar(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    if (next >= 128) throw new Bail('non-ASCII name');
    if (next === 34 || next === 39) {
      if (!STRING_PREFIXES.has(text.slice(start, end).toLowerCase())) throw new Bail('string prefix');
      return this.string(start, end);
    }
    // Most names are no keyword: only a name of a keyword's length and first letter is copied out.
    const word = end - start <= 8 && KEYWORD_STARTS.has(c0(text, start)) ? text.slice(start, end) : '';
    if (word === 'print') this.checkNotLegacyPrint(end);
    this.pos = end;
    if (KEYWORDS.has(word)) this.set(Tok.Keyword, start, end, word);
    else this.set(Tok.Name, start, end, SOFT_KEYWORDS.has(word) ? word : '');
  }

  /** lezer reads `print x` (Python 2) as a print statement: not this parser's business. */
  private checkNotLegacyPrint(at: number): void {
    const text = this.text;
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
    const c = text.charCodeAt(at);
    if (c !== 40 && c !== 46 && c !== 10 && c !== 13 && c !== 35) throw new Bail('print statement');
  }

  private number(start: number): void {
    const text = this.text;
    let at = start;
    const digits = (): void => {
      while (isDigit(text.charCodeAt(at)) || text.charCodeAt(at) === 95) at++;
    };
    const second = text.charCodeAt(start + 1) | 32;
    if (text.charCodeAt(start) === 48 && (second === 120 || second === 111 || second === 98)) {
      at = start + 2;
      const ok = second === 120 ? isHex : second === 111 ? (c: number) => c >= 48 && c <= 55 : (c: number) => c === 48 || c === 49;
      while (ok(text.charCodeAt(at)) || text.charCodeAt(at) === 95) at++;
      if (at === start + 2) throw new Bail('number');
    } else {
      if (text.charCodeAt(at) !== 46) digits();
      if (text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1))) {
        at++;
        digits();
      }
      const e = text.charCodeAt(at) | 32;
      if (e === 101) {
        let after = at + 1;
        if (text.charCodeAt(after) === 43 || text.charCodeAt(after) === 45) after++;
        if (isDigit(text.charCodeAt(after))) {
          at = after;
          digits();
        }
      }
      if ((text.charCodeAt(at) | 32) === 106) at++;
    }
    const next = text.charCodeAt(at);
    if (isNameChar(next) || next === 46 || next >= 128) throw new Bail('number followed by a name or dot');
    this.pos = at;
    this.set(Tok.Number, start, at, '');
  }

  /** A string literal from its prefix at `start` and its quote at `quoteAt`, escapes as lezer marks them. */
  private string(start: number, quoteAt: number): void {
    const text = this.text;
    const quote = text.charCodeAt(quoteAt);
    const long = text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote;
    const raw = text.slice(start, quoteAt).toLowerCase().includes('r');
    this.escapes.length = 0;
    let at = quoteAt + (long ? 3 : 1);
    for (;;) {
      const c = text.charCodeAt(at);
      if (c !== c) throw new Bail('unterminated string');
      if (c === 92) {
        if (raw) {
          if (at + 1 >= text.length) throw new Bail('unterminated string');
          at += 2;
          continue;
        }
        const escapeStart = at;
        at++;
        const escaped = text.charCodeAt(at);
        if (escaped !== escaped) throw new Bail('unterminated string');
        at++;
        at = skipEscape(text, at, escaped);
        this.escapes.push(escapeStart, at);
      } else if (c === quote && (!long || (text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote))) {
        at += long ? 3 : 1;
        break;
      } else if (c === 10 && !long) {
        throw new Bail('line break in a short string');
      } else if (c === 13) {
        throw new Bail('carriage return in a string');
      } else {
        at++;
      }
    }
    this.pos = at;
    this.set(Tok.String, start, at, '');
  }
}

/** What lezer's string tokenizer takes after `\` and the escaped character. */
function skipEscape(text: string, at: number, escaped: number): number {
  const run = (count: number, ok: (c: number) => boolean): number => {
    for (let i = 0; i < count && ok(text.charCodeAt(at)); i++) at++;
    return at;
  };
  if (escaped === 111 /* o */) return run(2, (c) => c >= 48 && c <= 55);
  if (escaped === 120 /* x */) return run(2, isHex);
  if (escaped === 117 /* u */) return run(4, isHex);
  if (escaped === 85 /* U */) return run(8, isHex);
  if (escaped === 78 /* N */ && text.charCodeAt(at) === 123) {
    at++;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c !== c || c === 125 || c === 39 || c === 34 || c === 10) break;
      at++;
    }
    if (text.charCodeAt(at) === 125) at++;
  }
  return at;
}
