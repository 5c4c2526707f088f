/**
 * A dotted name as a mapping pattern's key (`case {Color.RED: x}:`, a value pattern, valid
 * Python 3.10), which lezer's Python grammar (1.1.19) does not accept (it reads a plain name or a
 * literal there): a valid file got a false python-syntax-error. Before lezer parses, the dots
 * (and blanks around them) become `_`, so lezer reads one name of the same length. The engine
 * does not follow `match` statements, and the compile checks bind no name from a mapping's key.
 */
import { scanCode, wordOffsets } from './codeScan';
import { withCharacterAt } from './sameLength';

const DOTTED_KEY = /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*(?:[ \t\f]*\.[ \t\f]*[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)+[ \t\f]*:/;

export function withReadableDottedMappingKeys(text: string): string {
  // A cheap test first: the scan below walks the whole text.
  if (!text.includes('{') || !/^[ \t\f]*case\b/m.test(text)) return text;
  const dots = wordOffsets(text, 'case').filter((at) => /^[ \t\f]*$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at))).flatMap((at) => keyDots(text, at + 4));
  return withCharacterAt(text, dots, '_');
}

/** The dots and blanks inside each dotted key of a mapping pattern in the `case` header from `from`. */
function keyDots(text: string, from: number): number[] {
  const found: number[] = [];
  const brackets: string[] = [];
  scanCode(text, from, (at, end) => {
    if (end - at > 1) return;
    const c = text[at];
    if (c === '(' || c === '[' || c === '{') brackets.push(c);
    else if (c === ')' || c === ']' || c === '}') brackets.pop();
    else if (brackets.length === 0 && (c === ':' || c === '\n')) return false;
    if ((c === '{' || c === ',') && brackets[brackets.length - 1] === '{') {
      let key = at + 1;
      while (/[ \t\f\r\n]/.test(text[key] ?? '')) key++;
      const match = DOTTED_KEY.exec(text.slice(key, key + 200));
      if (!match) return;
      const colon = key + match[0].lastIndexOf(':');
      let last = colon - 1;
      while (/[ \t\f]/.test(text[last])) last--;
      for (let i = key; i <= last; i++) if (/[ \t\f.]/.test(text[i])) found.push(i);
    }
  });
  return found;
}
