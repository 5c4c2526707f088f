/**
 * `json.loads(text)` as Python's json module reads it, for data a migration keeps in a JSON file
 * (`with open(...) as f: rows = json.load(f)`, then `op.bulk_insert(table, rows)`).
 *
 * A parser of its own rather than JSON.parse, which would change what the migration sees: a
 * JavaScript object lists integer-like keys first (`{"b": 1, "1": 2}` iterates "1" before "b";
 * Python keeps the written order), and a number would lose whether it was written as an int or a
 * float (`2` and `2.0` print differently in SQL). A duplicated key keeps its first place and its
 * last value, as Python's dict does. What Python reads but SQL cannot take as written (NaN,
 * Infinity, a float beyond the double range) and anything Python rejects give undefined: the
 * value stays one known only at run time.
 */
import { NONE, str, type Value } from './values';

/** The value of `json.loads(text)`, or undefined (not read here: Python's error, or a value left unknown). */
export function jsonLoads(text: string): Value | undefined {
  const reader = new JsonReader(text);
  try {
    reader.skipSpace();
    const value = reader.value(0);
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch (error) {
    if (error instanceof NotRead) return undefined;
    throw error;
  }
}

class NotRead extends Error {}

/** Deeper than any data file a migration reads; Python's own limit is its recursion limit. */
const MAX_DEPTH = 500;

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

class JsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at === this.text.length;
  }

  /** JSON's whitespace only (space, tab, line feed, carriage return), as Python's decoder skips. */
  skipSpace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
      this.at++;
    }
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) throw new NotRead();
    const char = this.text[this.at];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return str(this.string());
      default:
        break;
    }
    if (this.text.startsWith('true', this.at)) return this.word(4, { kind: 'bool', value: true });
    if (this.text.startsWith('false', this.at)) return this.word(5, { kind: 'bool', value: false });
    if (this.text.startsWith('null', this.at)) return this.word(4, NONE);
    return this.number();
  }

  private word(length: number, value: Value): Value {
    this.at += length;
    return value;
  }

  private number(): Value {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    // NaN, Infinity and -Infinity (Python reads them) have no SQL literal; anything else is an error.
    if (!match) throw new NotRead();
    this.at += match[0].length;
    const written = match[0];
    const value = Number(written);
    if (match[1] !== undefined || match[2] !== undefined) {
      if (!Number.isFinite(value)) throw new NotRead();
      return { kind: 'num', value, float: true };
    }
    if (Number.isSafeInteger(value)) return { kind: 'num', value };
    // An int beyond 2**53 keeps its digits (values.ts); `-0` is the int 0.
    return { kind: 'num', value, exact: written.replace(/^-0$/, '0') };
  }

  private object(depth: number): Value {
    this.at++;
    const entries: { key: Value; value: Value }[] = [];
    const placeOf = new Map<string, number>();
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return { kind: 'dict', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') throw new NotRead();
      const key = this.string();
      this.skipSpace();
      if (this.text[this.at] !== ':') throw new NotRead();
      this.at++;
      this.skipSpace();
      const value = this.value(depth + 1);
      const place = placeOf.get(key);
      if (place === undefined) {
        placeOf.set(key, entries.length);
        entries.push({ key: str(key), value });
      } else entries[place] = { key: entries[place].key, value };
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === '}') return { kind: 'dict', entries };
      if (next !== ',') throw new NotRead();
    }
  }

  private array(depth: number): Value {
    this.at++;
    const items: Value[] = [];
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return { kind: 'seq', items, tuple: false };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === ']') return { kind: 'seq', items, tuple: false };
      if (next !== ',') throw new NotRead();
    }
  }

  /** A string at `"`, its escapes read; a raw control character is an error (Python's strict mode). */
  private string(): string {
    this.at++;
    let value = '';
    let from = this.at;
    for (;;) {
      if (this.at >= this.text.length) throw new NotRead();
      const code = this.text.charCodeAt(this.at);
      if (code === 0x22) {
        value += this.text.slice(from, this.at);
        this.at++;
        return value;
      }
      if (code < 0x20) throw new NotRead();
      if (code !== 0x5c) {
        this.at++;
        continue;
      }
      value += this.text.slice(from, this.at) + this.escape();
      from = this.at;
    }
  }

  /** The escape at `\`: the character it stands for (a `\u` pair of surrogates joins as UTF-16 does). */
  private escape(): string {
    const kind = this.text[this.at + 1];
    this.at += 2;
    switch (kind) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new NotRead();
        this.at += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        throw new NotRead();
    }
  }
}
