/**
 * The revision ids a docstring header line names, whatever spelling wrote it. Alembic's current
 * template writes `Revises: a, b` (and nothing for a base revision); older templates and hand
 * edits wrote the Python value instead: `Revises: None`, `Revises: ('a', 'b')`, `Revises: 'a'`.
 * docstring-mismatch compares these ids with the variables, so a header that agrees in another
 * spelling is not reported.
 */

/** `None`, `('a', 'b')`, `["a"]`, `a, b` → the ids (`[]` for None or nothing). */
export function idsWritten(items: readonly string[]): string[] {
  // The template's own spelling (plain ids) is nearly every file of a cold index: no copy for it.
  if (!items.some(needsCleaning)) return items as string[];
  const ids: string[] = [];
  for (let index = 0; index < items.length; index++) {
    // A note after the ids (`Revises: 2dfc3082482b  # Replace with your latest migration ID`).
    let item = items[index].replace(/\s+#.*$/, '').trim();
    if (index === 0) item = item.replace(/^[([]\s*/, '');
    if (index === items.length - 1) item = item.replace(/\s*[)\]]$/, '');
    item = unquote(item.trim());
    // A one-item tuple ends in a comma, which leaves an empty item; None alone means no parent,
    // and so do the spellings people write by hand for it (`(none)`: buildbot's first revision).
    if (item === '' || (items.length === 1 && NO_PARENT.test(item))) continue;
    ids.push(item);
  }
  return ids;
}

/** A lone item saying "no parent": Python's None, or `none`, `(none)`, `<base>` written by hand. */
const NO_PARENT = /^(?:None|none|<base>)$/;

/** `'a'` or `"a"` → `a`; anything else unchanged. */
export function unquote(text: string): string {
  const first = text[0];
  if (text.length >= 2 && (first === "'" || first === '"') && text[text.length - 1] === first) return text.slice(1, -1);
  return text;
}

function needsCleaning(item: string): boolean {
  if (NO_PARENT.test(item)) return true;
  for (let index = 0; index < item.length; index++) {
    const char = item.charCodeAt(index);
    // ' " ( ) [ ] #
    if (char === 39 || char === 34 || char === 40 || char === 41 || char === 91 || char === 93 || char === 35) return true;
  }
  return false;
}
