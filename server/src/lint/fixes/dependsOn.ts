/**
 * The quick fix that makes a migration depend on another revision: `depends_on = None` becomes
 * `depends_on = "<id>"`, a one-line string or tuple or list gets the id added, and a file
 * without `depends_on` gets the line after its one-line `down_revision`. A `depends_on` written
 * over several lines, or computed, gets no fix rather than a wrong one.
 */
import type { SuggestedFix } from '../../common/problem';

/** `depends_on = ...` or `depends_on: Union[...] = ...` at the start of a line: the value after `=`, and a comment. */
const DEPENDS_ON = /^(depends_on\b(?:\s*:[^=]*)?\s*=\s*)(.*?)(\s*#.*)?$/;
const DOWN_REVISION = /^down_revision\b(?:\s*:[^=]*)?\s*=\s*(.*?)(\s*#.*)?$/;
const ONE_STRING = /^(['"])[^'"\\]*\1$/;
/** A one-line tuple or list of plain strings (possibly empty, possibly with a trailing comma). */
const ONE_LINE_SEQUENCE = /^([([])\s*((?:(['"])[^'"\\]*\3\s*,\s*)*(?:(['"])[^'"\\]*\4)?)\s*,?\s*([)\]])$/;

export function dependsOnFix(file: string, text: string, revision: string): SuggestedFix | undefined {
  const lines = text.split('\n');
  const quote = /^revision\b[^=\n]*=\s*'/m.test(text) ? "'" : '"';
  const id = `${quote}${revision}${quote}`;
  const title = `Add ${revision} to depends_on (Alembic then runs it first)`;
  const edit = (line: number, from: number, to: number, newText: string): SuggestedFix => ({
    title,
    edits: [{ file, range: { start: { line, character: from }, end: { line, character: to } }, newText }],
  });
  const dependsOnLine = lines.findIndex((line) => DEPENDS_ON.test(withoutCarriageReturn(line)));
  if (dependsOnLine >= 0) {
    const line = withoutCarriageReturn(lines[dependsOnLine]);
    const [, head, value] = DEPENDS_ON.exec(line)!;
    const from = head.length;
    const to = from + value.length;
    if (value === 'None') return edit(dependsOnLine, from, to, id);
    if (ONE_STRING.test(value)) return edit(dependsOnLine, from, to, `(${value}, ${id})`);
    const sequence = ONE_LINE_SEQUENCE.exec(value);
    if (!sequence) return undefined;
    const [, open, items, , , close] = sequence;
    const kept = items.trim().replace(/,\s*$/, '');
    // A one-element tuple needs its trailing comma; two or more do not.
    const inner = kept === '' ? (open === '(' ? `${id},` : id) : `${kept}, ${id}`;
    return edit(dependsOnLine, from, to, `${open}${inner}${close}`);
  }
  const downLine = lines.findIndex((line) => DOWN_REVISION.test(withoutCarriageReturn(line)));
  if (downLine < 0) return undefined;
  const down = DOWN_REVISION.exec(withoutCarriageReturn(lines[downLine]))![1];
  // Only a down_revision that ends on its own line: the new line goes right after it.
  if (!(down === 'None' || ONE_STRING.test(down) || ONE_LINE_SEQUENCE.test(down))) return undefined;
  const end = withoutCarriageReturn(lines[downLine]).length;
  const eol = lines[downLine].endsWith('\r') ? '\r\n' : '\n';
  return edit(downLine, end, end, `${eol}depends_on = ${id}`);
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
