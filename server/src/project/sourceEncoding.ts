/**
 * The encoding a Python source file declares (PEP 263): a comment on its first or second line
 * matching `coding[:=]\s*([-\w.]+)`, the second only when the first is itself a comment or blank.
 * Python (and so Alembic) decodes the file in that encoding: `# -*- coding: latin-1 -*-` makes
 * `'café'` four characters even though the bytes are not UTF-8.
 */
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python's own names for the Latin-1 codec: decoded byte for byte (WHATWG's "latin1" is cp1252). */
const LATIN_1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'iso-latin-1', 'l1', 'cp819', '8859', 'latin']);

/** The declared encoding, lower case, or undefined when the file declares none. */
export function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, Math.min(bytes.length, 512)).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  const first = COOKIE.exec(lines[0] ?? '');
  if (first) return first[1].toLowerCase();
  if (lines.length < 2 || !/^[ \t\f]*(?:#.*)?$/.test(lines[0])) return undefined;
  return COOKIE.exec(lines[1])?.[1].toLowerCase();
}

/** Whether Python reads the name as UTF-8 (`utf-8`, `utf8`, `utf-8-sig`, `UTF_8`). */
export function isUtf8Name(name: string): boolean {
  return /^utf[-_]?8(?:[-_].*)?$/.test(name);
}

/**
 * The text of `bytes` in a declared encoding other than UTF-8, or undefined when the encoding is
 * not one this runtime decodes or the bytes are not valid in it (the caller falls back to UTF-8).
 */
export function decodeDeclared(bytes: Buffer, encoding: string): string | undefined {
  if (LATIN_1.has(encoding)) return bytes.toString('latin1');
  if (CP1252.has(encoding)) return decodeCp1252(bytes);
  try {
    return new TextDecoder(encoding.replace(/_/g, '-'), { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const CP1252 = new Set(['cp1252', 'windows-1252', 'windows_1252', '1252']);
/**
 * cp1252's 0x80-0x9F (the rest is Latin-1). Decoded here: Node's TextDecoder reads windows-1252 as
 * Latin-1 there. The five bytes cp1252 leaves undefined are Python's UnicodeDecodeError (undefined).
 */
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Buffer): string | undefined {
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x80 || byte > 0x9f) text += String.fromCharCode(byte);
    else if (CP1252_HIGH[byte - 0x80] < 0) return undefined;
    else text += String.fromCharCode(CP1252_HIGH[byte - 0x80]);
  }
  return text;
}
