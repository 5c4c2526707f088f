/**
 * A one-quote string continued on the next line in a file saved with CRLF line breaks
 * (`'SELECT a, \` CRLF `b'`): CPython reads the CRLF as one line break, escaped by the backslash,
 * while lezer's tokenizer (1.1.x) takes the backslash to escape the CR and ends the string at the
 * LF, so a valid migration got a false python-syntax-error. Before lezer parses, such a `\`, CR,
 * LF becomes `\`, LF, space (the same length): lezer then reads an escaped line break and one more
 * character of the string, and every offset outside the string stays where it was. Values are
 * decoded from the real text, never from this one.
 */
import { scanCode } from './codeScan';
import { withCharacters } from './sameLength';

export function withReadableCrlfStringContinuations(text: string): string {
  if (!text.includes('\\\r\n')) return text;
  const edits: { at: number; char: string }[] = [];
  scanCode(text, 0, (at, end) => {
    const quote = text.charCodeAt(at);
    if (end - at < 2 || (quote !== 34 && quote !== 39)) return;
    // Long strings hold line breaks anyway; lezer reads them there.
    if (text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote) return;
    for (let i = at + 1; i < end - 1; i++) {
      if (text.charCodeAt(i) !== 92) continue;
      if (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) {
        edits.push({ at: i + 1, char: '\n' }, { at: i + 2, char: ' ' });
      }
      i++;
    }
  });
  return withCharacters(text, edits);
}
