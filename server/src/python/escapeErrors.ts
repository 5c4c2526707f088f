/**
 * The escape sequences CPython refuses when it decodes a string literal (while parsing, so the
 * file does not compile and Alembic cannot load it): `'\x4'`, `'\u12'`, `'\U0011FFFF'`, `'\N'`,
 * `'\N{}'`, `'\N{NAME'`, a `\N{...}` name no Unicode character can have, and `b'\x4'`. Lezer's
 * grammar reads all of them as escapes.
 *
 * CPython's message names positions in the buffer it decodes, not in the source: there, every
 * character outside ASCII was first written as a ten-character `\UXXXXXXXX` escape, and a backslash
 * followed by one (or ending the literal) as the six characters `\u005c`. The positions below are
 * counted the same way, so the messages are CPython's to the character.
 */

const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX_MESSAGE: Record<string, string> = { x: 'truncated \\xXX escape', u: 'truncated \\uXXXX escape', U: 'truncated \\UXXXXXXXX escape' };
const MAX_CODE_POINT = 0x10ffff;

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102);
}

/** Characters written in the decoded buffer for the code point at `index` (1 for ASCII, 10 otherwise). */
function bufferWidth(body: string, index: number): number {
  return body.charCodeAt(index) < 0x80 ? 1 : 10;
}

/** Source characters (UTF-16 units) the code point at `index` takes. */
function sourceWidth(body: string, index: number): number {
  const code = body.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < body.length ? 2 : 1;
}

/**
 * A name no Unicode character (or alias) has, told without a name table: Unicode names use only
 * ASCII letters, digits, spaces and hyphens, never start or end with a space or hyphen, and never
 * hold two spaces running. Any other name is taken as possibly real (Lens cannot look it up).
 */
function isImpossibleCharacterName(name: string): boolean {
  return !/^[A-Za-z0-9](?:[A-Za-z0-9-]| (?! ))*$/.test(name) || / $|-$/.test(name);
}

/**
 * CPython's message for the first escape it refuses in the body of a str literal (the text between
 * the quotes, line breaks already read as `\n`), or undefined when it decodes. Not for raw strings.
 */
export function strEscapeError(body: string): string | undefined {
  let position = 0;
  for (let index = 0; index < body.length; ) {
    if (body.charCodeAt(index) !== 92 /* \ */) {
      position += bufferWidth(body, index);
      index += sourceWidth(body, index);
      continue;
    }
    const letter = body[index + 1];
    if (letter === undefined || letter.charCodeAt(0) >= 0x80) {
      position += 6; // the backslash, written as \u005c
      index += 1;
      continue;
    }
    const start = position;
    const failed = (end: number, reason: string): string => `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
    position += 2;
    index += 2;
    if (letter in HEX_WIDTH) {
      let value = 0;
      for (let digits = 0; digits < HEX_WIDTH[letter]; digits++, position++, index++) {
        if (index >= body.length || !isHexDigit(body.charCodeAt(index))) return failed(position, HEX_MESSAGE[letter]);
        value = value * 16 + parseInt(body[index], 16);
      }
      if (value > MAX_CODE_POINT) return failed(position, 'illegal Unicode character');
    } else if (letter === 'N') {
      if (body[index] !== '{') return failed(position, 'malformed \\N character escape');
      position++;
      index++;
      const nameStart = index;
      while (index < body.length && body[index] !== '}') {
        position += bufferWidth(body, index);
        index += sourceWidth(body, index);
      }
      if (index >= body.length || index === nameStart) return failed(position, 'malformed \\N character escape');
      position++;
      index++;
      if (isImpossibleCharacterName(body.slice(nameStart, index - 1))) return failed(position, 'unknown Unicode character name');
    } else if (letter >= '0' && letter <= '7') {
      for (let digits = 1; digits < 3 && body[index] >= '0' && body[index] <= '7'; digits++) {
        position++;
        index++;
      }
    }
    // Any other letter is a one-letter escape, or unknown and kept as written (CPython only warns).
  }
  return undefined;
}

/** CPython's message for the first escape it refuses in the body of a bytes literal (only `\x` can fail). */
export function bytesEscapeError(body: string): string | undefined {
  for (let index = body.indexOf('\\'); index >= 0; index = body.indexOf('\\', index)) {
    const letter = body[index + 1];
    if (letter === 'x' && !(isHexDigit(body.charCodeAt(index + 2)) && isHexDigit(body.charCodeAt(index + 3)))) return `(value error) invalid \\x escape at position ${index}`;
    index += 2;
  }
  return undefined;
}
