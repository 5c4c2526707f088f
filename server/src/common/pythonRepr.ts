/**
 * Python's `repr()` and `ascii()` of a str, as CPython writes them: single quotes unless the text
 * has one and no double quote; backslashes and the quote escaped; \t, \n, \r; characters that are
 * not printable (str.isprintable) as \xhh, \uhhhh or \Uhhhhhhhh. One implementation for the
 * interpreter's messages and `%r` (engine/interpret/values.ts) and for `file_template`'s `%r` and
 * `%a` (project/authoring/percentFormat.ts).
 */

/** What Python's repr() does not print as itself: control, format, surrogate, private-use, unassigned and separator characters (a space aside). */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char !== ' ' && NOT_PRINTABLE.test(char)) out += escapedCode(char.codePointAt(0)!);
    else out += char;
  }
  return out + quote;
}

/** Python's `ascii()` of a str: `repr()` with every non-ASCII character left escaped. */
export function asciiRepr(text: string): string {
  return stringRepr(text).replace(/[^\x00-\x7f]/gu, (char) => escapedCode(char.codePointAt(0)!));
}

function escapedCode(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
