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

/**
 * Keywords and soft keywords by first letter and length (`code << 4 | length`): a name is matched
 * against the few candidates character by character, so no name is copied out of the text and no
 * set is hashed for the thousand names of a migration; the token's value is then the constant
 * string itself, which the parser compares by identity.
 */
const WORDS_BY_START: string[][] = Array.from({ length: 128 << 4 }, () => []);
/** By first letter: bit n is set when some keyword or soft keyword of that letter has n letters (most names are rejected here). */
const WORD_LENGTHS = new Uint16Array(128);
for (const word of [...KEYWORDS, ...SOFT_KEYWORDS]) {
  WORDS_BY_START[(word.charCodeAt(0) << 4) | word.length].push(word);
  WORD_LENGTHS[word.charCodeAt(0)] |= 1 << word.length;
}
const LONGEST_WORD = 8;

/** The keyword or soft keyword that `text` holds from `start` to `end`, or ''. */
function wordAt(text: string, start: number, end: number): string {
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length > LONGEST_WORD || (WORD_LENGTHS[first] & (1 << length)) === 0) return '';
  const candidates = WORDS_BY_START[(first << 4) | length];
  next: for (let i = 0; i < candidates.length; i++) {
    const word = candidates[i];
    for (let at = 1; at < length; at++) if (word.charCodeAt(at) !== text.charCodeAt(start + at)) continue next;
    return word;
  }
  return '';
}

/** String prefixes lezer reads as a (non-format) string start, in every case. */
const STRING_PREFIXES = new Set(['u', 'b', 'r', 'rb', 'br']);

/**
 * Binary operators' precedence (higher binds tighter; 0: not a binary operator), set on each
 * operator token so the parser's precedence climbing reads a number instead of looking the
 * operator up after every operand. Comparisons share PREC_COMPARE.
 */
export const PREC_OR = 1;
export const PREC_AND = 2;
export const PREC_COMPARE = 3;
/** The lowest precedence of `expression` (lezer's bitor): what a `for` target or `*x` may hold. */
export const PREC_EXPRESSION = 4;
export const PREC_POWER = 11;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** What may follow a float's trailing point (`100.`): no digit, name character, point or non-ASCII. */
const isTrailingPointEnd = (c: number): boolean => !isDigit(c) && !isNameChar(c) && c !== 46 && !(c >= 128);
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
/** ASCII letters, digits and `_`: a name's characters, looked up once per character. */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (isNameStart(c) || isDigit(c)) NAME_CHARS[c] = 1;
/** Whether `c` (a character code, or NaN past the end of the text) continues a name. */
const isNameChar = (c: number): boolean => c < 128 && NAME_CHARS[c] === 1;

export class Scanner {
  pos = 0;
  /** Open brackets: inside them line breaks are spaces. */
  private depth = 0;
  type = Tok.Eof;
  start = 0;
  end = 0;
  /** The token's text for keywords and operators, and for names the parser checks (soft keywords); '' for other names. */
  value = '';
  /** The indentation of the current token's logical line. */
  lineIndent = 0;
  /** For an operator token: its precedence as a binary operator, 0 when it is none. */
  prec = 0;
  /** For an operator token: whether it is an augmented assignment (`+=`, `<<=`, ...). */
  update = false;
  /** Escapes of the current string token, as start/end pairs: the first `escapeCount` pairs are this token's. */
  readonly escapes: number[] = [];
  escapeCount = 0;
  /** Comments met and not yet placed in the tree, as start/end pairs, in text order. */
  readonly comments: number[] = [];
  commentsTaken = 0;

  constructor(readonly text: string) {
    this.skipBlankLines();
    this.advance();
  }

  /** Moves to the next token. */
  advance(): void {
    const text = this.text;
    for (;;) {
      let pos = this.pos;
      while (text.charCodeAt(pos) === 32) pos++;
      this.pos = pos;
      const c = text.charCodeAt(pos);
      if (c === 9 || c === 12) {
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
    this.operator(start, c);
  }

  /** The operator at `start`, the longest lezer's tokenizer takes (read by character code: one switch, no lookup). */
  private operator(start: number, c: number): void {
    const text = this.text;
    const second = text.charCodeAt(start + 1);
    let op: string;
    let prec = 0;
    let update = false;
    switch (c) {
      case 40 /* ( */:
        op = '(';
        this.depth++;
        break;
      case 91 /* [ */:
        op = '[';
        this.depth++;
        break;
      case 123 /* { */:
        op = '{';
        this.depth++;
        break;
      case 41 /* ) */:
      case 93 /* ] */:
      case 125 /* } */:
        if (this.depth === 0) throw new Bail('unbalanced bracket');
        this.depth--;
        op = c === 41 ? ')' : c === 93 ? ']' : '}';
        break;
      case 44 /* , */:
        op = ',';
        break;
      case 59 /* ; */:
        op = ';';
        break;
      case 58 /* : */:
        op = second === 61 ? ':=' : ':';
        break;
      case 46 /* . */:
        op = second === 46 && text.charCodeAt(start + 2) === 46 ? '...' : '.';
        break;
      case 126 /* ~ */:
        op = '~';
        break;
      case 61 /* = */:
        if (second === 61) {
          op = '==';
          prec = PREC_COMPARE;
        } else {
          op = '=';
        }
        break;
      case 33 /* ! */:
        if (second !== 61) throw new Bail(`unknown operator at ${start}`);
        op = '!=';
        prec = PREC_COMPARE;
        break;
      case 60 /* < */:
        if (second === 60) {
          if (text.charCodeAt(start + 2) === 61) (op = '<<='), (update = true);
          else (op = '<<'), (prec = 7);
        } else {
          op = second === 61 ? '<=' : second === 62 ? '<>' : '<';
          prec = PREC_COMPARE;
        }
        break;
      case 62 /* > */:
        if (second === 62) {
          if (text.charCodeAt(start + 2) === 61) (op = '>>='), (update = true);
          else (op = '>>'), (prec = 7);
        } else {
          op = second === 61 ? '>=' : '>';
          prec = PREC_COMPARE;
        }
        break;
      case 45 /* - */:
        if (second === 62) op = '->';
        else if (second === 61) (op = '-='), (update = true);
        else (op = '-'), (prec = 8);
        break;
      case 43 /* + */:
        if (second === 61) (op = '+='), (update = true);
        else (op = '+'), (prec = 8);
        break;
      case 42 /* * */:
        if (second === 42) {
          if (text.charCodeAt(start + 2) === 61) (op = '**='), (update = true);
          else (op = '**'), (prec = PREC_POWER);
        } else if (second === 61) (op = '*='), (update = true);
        else (op = '*'), (prec = 9);
        break;
      case 47 /* / */:
        if (second === 47) {
          if (text.charCodeAt(start + 2) === 61) (op = '//='), (update = true);
          else (op = '//'), (prec = 9);
        } else if (second === 61) (op = '/='), (update = true);
        else (op = '/'), (prec = 9);
        break;
      case 37 /* % */:
        if (second === 61) (op = '%='), (update = true);
        else (op = '%'), (prec = 9);
        break;
      case 64 /* @ */:
        if (second === 61) (op = '@='), (update = true);
        else (op = '@'), (prec = 9);
        break;
      case 38 /* & */:
        if (second === 61) (op = '&='), (update = true);
        else (op = '&'), (prec = 6);
        break;
      case 124 /* | */:
        if (second === 61) (op = '|='), (update = true);
        else (op = '|'), (prec = PREC_EXPRESSION);
        break;
      case 94 /* ^ */:
        if (second === 61) (op = '^='), (update = true);
        else (op = '^'), (prec = 5);
        break;
      default:
        throw new Bail(`unexpected character at ${start}`);
    }
    this.pos = start + op.length;
    this.prec = prec;
    this.update = update;
    this.type = Tok.Op;
    this.start = start;
    this.end = this.pos;
    this.value = op;
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
    for (;;) {
      const c = text.charCodeAt(end);
      if (c < 128 && NAME_CHARS[c] === 1) end++;
      else break;
    }
    const next = text.charCodeAt(end);
    if (next >= 128) throw new Bail('non-ASCII name');
    if (next === 34 || next === 39) {
      if (!STRING_PREFIXES.has(text.slice(start, end).toLowerCase())) throw new Bail('string prefix');
      return this.string(start, end);
    }
    // The mask is tested here too: most names are rejected without the call.
    const length = end - start;
    const word = length <= LONGEST_WORD && (WORD_LENGTHS[text.charCodeAt(start)] & (1 << length)) !== 0 ? wordAt(text, start, end) : '';
    if (word === 'print') this.checkNotLegacyPrint(end);
    this.pos = end;
    // The token's fields are written here rather than through `set`: names are the commonest
    // token, and until the optimizing compiler runs every call costs.
    this.type = word !== '' && KEYWORDS.has(word) ? Tok.Keyword : Tok.Name;
    this.start = start;
    this.end = end;
    this.value = word;
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
      const leadingDot = text.charCodeAt(at) === 46;
      if (!leadingDot) digits();
      if (text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1))) {
        at++;
        digits();
      } else if (!leadingDot && text.charCodeAt(at) === 46 && isTrailingPointEnd(text.charCodeAt(at + 1))) {
        // `100.` is a float to Python (Mailu's migrations write `100. * x / 15.`); lezer reads a
        // member access missing its name, a syntax error that is not there. Read as Python does
        // (the one place this tree differs from lezer's: fastParser.test.ts). `1.e5`, `1.j` and
        // `1..real` still go to lezer.
        this.pos = at + 1;
        this.set(Tok.Number, start, at + 1, '');
        return;
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
    let raw = false;
    for (let at = start; at < quoteAt; at++) if ((text.charCodeAt(at) | 32) === 114 /* r */) raw = true;
    const escapes = this.escapes;
    let escapeCount = 0;
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
        escapes[escapeCount * 2] = escapeStart;
        escapes[escapeCount * 2 + 1] = at;
        escapeCount++;
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
    this.escapeCount = escapeCount;
    this.type = Tok.String;
    this.start = start;
    this.end = at;
    this.value = '';
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
