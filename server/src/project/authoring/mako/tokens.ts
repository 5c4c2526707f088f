/** Tokens of the Python expressions and simple statements a template holds. */
import { PyError } from './values';

export type Token =
  | { kind: 'name'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'op'; text: string }
  | { kind: 'end' };

const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '%', '+', '-', '*', '/', '<', '>', '='];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      at += 1;
      continue;
    }
    if (char === '\\' && source[at + 1] === '\n') {
      at += 2;
      continue;
    }
    if (char === '#') {
      while (at < source.length && source[at] !== '\n') at += 1;
      continue;
    }
    const stringStart = /^([rRuU]?)(?:'''|"""|'|")/.exec(source.slice(at, at + 4));
    if (stringStart) {
      at = readString(source, at, stringStart[1].toLowerCase() === 'r', stringStart[1].length, tokens);
      continue;
    }
    if (/[fFbB]/.test(char) && /^[fFbB][rR]?['"]/.test(source.slice(at, at + 3))) {
      throw new PyError(`${char === 'f' || char === 'F' ? 'f-strings' : 'bytes literals'} are not supported`);
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(source.slice(at));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      at += name[0].length;
      continue;
    }
    const number = /^\d+/.exec(source.slice(at));
    if (number) {
      if (/^[.eExXoObBjJ_]/.test(source.slice(at + number[0].length))) throw new PyError(`the number literal at '${source.slice(at, at + 12)}' is not supported`);
      tokens.push({ kind: 'number', value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, at));
    if (!operator) throw new PyError(`invalid syntax at '${source.slice(at, at + 12)}'`);
    tokens.push({ kind: 'op', text: operator });
    at += operator.length;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** Reads a (raw) string literal starting at `at` (prefix length `prefix`); adjacent literals concatenate. */
function readString(source: string, at: number, raw: boolean, prefix: number, tokens: Token[]): number {
  let position = at + prefix;
  const quote = source.startsWith(source[position].repeat(3), position) ? source[position].repeat(3) : source[position];
  position += quote.length;
  let value = '';
  for (;;) {
    if (position >= source.length || (quote.length === 1 && source[position] === '\n')) throw new PyError('unterminated string literal');
    if (source.startsWith(quote, position)) break;
    const char = source[position];
    if (char === '\\') {
      const next = source[position + 1] ?? '';
      if (raw) value += char + next;
      else if (next in ESCAPES) value += ESCAPES[next];
      else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(position + 2, position + 4))) {
        value += String.fromCharCode(parseInt(source.slice(position + 2, position + 4), 16));
        position += 2;
      } else value += char + next;
      position += 2;
      continue;
    }
    value += char;
    position += 1;
  }
  const previous = tokens[tokens.length - 1];
  if (previous?.kind === 'string') previous.value += value;
  else tokens.push({ kind: 'string', value });
  return position + quote.length;
}
