/**
 * A last line holding only spaces or tabs, with no line break after it (an editor's leftover
 * indentation at the end of the file): Python's tokenizer reads it as a blank line, but lezer's
 * Python grammar (1.1.19) takes it for an indentation and fails when it matches no open block
 * (a python-syntax-error where Python and Alembic load the file, sbc-pay). Before lezer parses,
 * that line's first character becomes `#`: a comment line is blank to both, and the text keeps
 * its length, so every offset in the tree is an offset in the real text.
 */
export function withBlankLastLine(text: string): string {
  const lineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
  if (lineStart === 0 || lineStart >= text.length) return text;
  for (let at = lineStart; at < text.length; at++) {
    const c = text.charCodeAt(at);
    // Space, tab, form feed: whitespace Python's tokenizer skips on a blank line.
    if (c !== 32 && c !== 9 && c !== 12) return text;
  }
  return `${text.slice(0, lineStart)}#${text.slice(lineStart + 1)}`;
}
