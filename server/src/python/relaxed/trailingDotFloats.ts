/**
 * A float literal ending in its point (`5.`, `1_0.`) or with its point right before the exponent
 * or `j` (`1.e5`, `2.j`): valid Python that lezer's Python grammar (1.1.19) does not read as one
 * number. `5.` was a false syntax error that refused the whole file (Alembic runs it), and `1.e5`
 * was read as the attribute `e5` of 1. Before lezer parses, the point moves in front of the
 * digits (`5.` becomes `.5`, `1.e5` becomes `.1e5`): one number token over the same span, which
 * the readers take from the real text (`5.`, Python's 5.0).
 */
import { scanCode } from './codeScan';
import { withCharacters } from './sameLength';

/** A point after a run of decimal digits, not followed by another digit (that is a plain `1.5`). */
const TRAILING_POINT = /\d\.(?![\d_])/;

export function withReadableTrailingDotFloats(text: string): string {
  // A cheap test first: the scan below walks the whole text.
  if (!TRAILING_POINT.test(text)) return text;
  const edits: { at: number; char: string }[] = [];
  let tokenStart = true;
  scanCode(text, 0, (at, end) => {
    const c = text[at];
    const startsToken = tokenStart;
    // A digit continues a name or a number (`x1.`, `0x1.`): only a run starting a token is a number.
    tokenStart = end - at > 1 || !/[\w\u0080-\uffff.]/.test(c);
    if (!startsToken || !/\d/.test(c)) return;
    let point = at;
    while (/[\d_]/.test(text[point] ?? '')) point++;
    if (text[point] !== '.' || text[point - 1] === '_') return;
    const after = text.slice(point + 1, point + 4);
    // What Python reads as the end of the number, or its exponent, or `j`: anything else (`5.real`,
    // `5..real`) is left as it is.
    const ends = after === '' || /^(?:[^\w\u0080-\uffff.]|[eE][+-]?\d|[eE]\d|[jJ](?![\w\u0080-\uffff]))/.test(after);
    if (!ends) return;
    edits.push({ at, char: '.' });
    for (let digit = at; digit < point; digit++) edits.push({ at: digit + 1, char: text[digit] });
  });
  return withCharacters(text, edits);
}
