/**
 * An f-string format specification that starts with `=` (`f'{x:=1}'`, `f'{n:=^10}'`: fill `=`
 * or `=` alignment, valid Python): lezer's tokenizer reads the `:=` as a walrus operator, so a
 * valid file got a false python-syntax-error. Before lezer parses, that `=` becomes a space, a
 * format specification character of the same length. Readers take the specification from the
 * real text (the engine formats by `:=1`, or refuses it), never from the rewritten one.
 */
import { stringEnd } from '../stringEnd';
import { scanCode } from './codeScan';
import { withCharacterAt } from './sameLength';

export function withReadableFormatSpecEquals(text: string): string {
  if (!text.includes(':=')) return text;
  const found: number[] = [];
  scanCode(text, 0, (at, end) => {
    if (end - at > 1 && isFormatString(text, at)) found.push(...specEqualsIn(text, at, end));
  });
  return withCharacterAt(text, found, ' ');
}

/** Whether the string literal at `quote` has an `f` among its prefix letters. */
function isFormatString(text: string, quote: number): boolean {
  for (let at = quote - 1; at >= 0 && /[a-zA-Z]/.test(text[at]); at--) if (text[at] === 'f' || text[at] === 'F') return true;
  return false;
}

/** The `=` right after the colon opening each replacement field's format specification in the f-string `[quote, end)`. */
function specEqualsIn(text: string, quote: number, end: number): number[] {
  const delimiter = text.startsWith(text[quote].repeat(3), quote) ? 3 : 1;
  const bodyEnd = end - delimiter;
  const found: number[] = [];
  let at = quote + delimiter;
  while (at < bodyEnd) {
    if (text[at] === '{' && text[at + 1] === '{') at += 2;
    else if (text[at] === '{') at = fieldEnd(text, at + 1, bodyEnd, found);
    else at++;
  }
  return found;
}

/** Walks a replacement field's expression from `from`; returns the offset past its closing `}`. */
function fieldEnd(text: string, from: number, bodyEnd: number, found: number[]): number {
  let depth = 0;
  let at = from;
  while (at < bodyEnd) {
    const c = text[at];
    if (c === '"' || c === "'") {
      const close = stringEnd(text, at);
      if (close < 0 || close > bodyEnd) return bodyEnd;
      at = close;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return at + 1;
      depth--;
    } else if (c === ':' && depth === 0) {
      if (text[at + 1] === '=') found.push(at + 1);
      return specEnd(text, at + 1, bodyEnd, found);
    }
    at++;
  }
  return at;
}

/**
 * Past the `}` closing a format specification from `from`. A field nested in it is a replacement
 * field of its own, whose specification may start with `=` too (`f'{x:{y:=1}}'`).
 */
function specEnd(text: string, from: number, bodyEnd: number, found: number[]): number {
  let at = from;
  while (at < bodyEnd) {
    if (text[at] === '}') return at + 1;
    if (text[at] === '{') at = fieldEnd(text, at + 1, bodyEnd, found);
    else at++;
  }
  return bodyEnd;
}
