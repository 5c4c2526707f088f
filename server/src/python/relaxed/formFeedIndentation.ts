/**
 * A form feed in a line's indentation: CPython's tokenizer sets the column back to 0 at a form
 * feed, so only the blanks after the last one indent the line (`\f    x = 1` is indented by 4),
 * and a line of form feeds and blanks is blank. Lezer's tokenizer (1.1.19) counts only spaces and
 * tabs, so a valid file got a false python-syntax-error. Before lezer parses, the blanks after the
 * last form feed move to the line's start and the rest become form feeds (`    \f\f\f\f\fx`: the
 * same length, the code at the same offsets), which lezer skips once the indentation is counted;
 * in a blank line the form feeds become spaces.
 */
import { scanCode } from './codeScan';

export function withReadableFormFeeds(text: string): string {
  if (!text.includes('\f')) return text;
  const lineStarts = [0];
  scanCode(text, 0, (at, end) => {
    if (end - at === 1 && text.charCodeAt(at) === 10) lineStarts.push(at + 1);
  });
  let out: string[] | undefined;
  for (const start of lineStarts) {
    let end = start;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === '\f')) end++;
    const indentation = text.slice(start, end);
    if (!indentation.includes('\f')) continue;
    const blank = end === text.length || text[end] === '\n' || text[end] === '\r' || text[end] === '#';
    const counted = indentation.slice(indentation.lastIndexOf('\f') + 1);
    const rewritten = blank ? indentation.replace(/\f/g, ' ') : counted + '\f'.repeat(indentation.length - counted.length);
    out ??= text.split('');
    for (let i = 0; i < rewritten.length; i++) out[start + i] = rewritten[i];
  }
  return out ? out.join('') : text;
}
