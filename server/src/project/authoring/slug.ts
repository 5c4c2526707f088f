/**
 * Alembic's slug for a file name: the message's words (`\w+`) joined by `_` and lower-cased;
 * longer than `truncate_slug_length` (default 40), it is cut back to a word boundary and ends in `_`.
 */
export function slugOf(message: string, truncateLength = 40): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  if (slug.length > truncateLength) slug = slug.slice(0, truncateLength).replace(/_[^_]*$/, '') + '_';
  return slug;
}
