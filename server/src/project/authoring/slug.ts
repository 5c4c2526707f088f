/**
 * Alembic's slug for a file name: the message's words (`\w+`) joined by `_` and lower-cased;
 * longer than `truncate_slug_length` (default 40), it is cut back to a word boundary and ends in `_`.
 * A negative length is a Python slice from the end (`slug[:-5]`), and every slug is longer than
 * it, as in Alembic.
 */
export function slugOf(message: string, truncateLength = 40): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  // Python counts and slices code points, not UTF-16 units.
  const characters = [...slug];
  if (characters.length > truncateLength) slug = characters.slice(0, truncateLength).join('').replace(/_[^_]*$/, '') + '_';
  return slug;
}
