/**
 * The rewrites in this folder hand lezer a text of the same length as the file, with a few
 * characters changed, so that every offset of its tree is an offset of the real text.
 */

/** `text` with the character at each edit's offset replaced by the edit's character. */
export function withCharacters(text: string, edits: readonly { at: number; char: string }[]): string {
  if (edits.length === 0) return text;
  const chars = text.split('');
  for (const { at, char } of edits) chars[at] = char;
  return chars.join('');
}

/** `text` with `char` at each offset. */
export function withCharacterAt(text: string, offsets: readonly number[], char: string): string {
  return withCharacters(text, offsets.map((at) => ({ at, char })));
}

/** `text` with each span `[from, to)` written as one name (underscores). */
export function withSpansAsName(text: string, spans: readonly { from: number; to: number }[]): string {
  const offsets: number[] = [];
  for (const { from, to } of spans) for (let at = from; at < to; at++) offsets.push(at);
  return withCharacterAt(text, offsets, '_');
}
