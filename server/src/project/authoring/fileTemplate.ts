/**
 * The file name Alembic gives a new revision: the environment's `file_template` (Python
 * `%`-formatting with named fields) filled with the id, the slug and the creation time.
 */
import { AuthoringError } from './authoringError';
import { PercentFormatError, percentFormat } from './percentFormat';
import { slugOf } from './slug';

/** Alembic's default `file_template`. */
export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';

/** The fields Alembic's `ScriptDirectory._rev_path` hands the template. */
const FIELDS = 'rev, slug, epoch, year, month, day, hour, minute and second';

/**
 * `template % values` exactly as Python formats it (`%(slug).5s`, `%(month)x`, `%(day)+d`, ...).
 * What Python would raise is an AuthoringError naming the exception Alembic fails with.
 */
export function formatFileTemplate(template: string, values: Record<string, string | number>): string {
  try {
    return percentFormat(template, values);
  } catch (error) {
    if (!(error instanceof PercentFormatError)) throw error;
    if (error.type === 'KeyError') {
      throw new AuthoringError(`file_template '${template}' names a field Alembic does not provide: ${error.message} (Alembic fails with KeyError; the fields are ${FIELDS})`);
    }
    if (error.unnamed) {
      throw new AuthoringError(`file_template '${template}': the conversion ${error.message}, which Alembic Lens does not support; name a field, as in %(rev)s (the fields are ${FIELDS})`);
    }
    throw new AuthoringError(`file_template '${template}' cannot be filled: ${error.type}: ${error.message} (Alembic fails the same way)`);
  }
}

/** `<file_template filled>.py` for a revision created at `now` (local time, as Alembic without `timezone`). */
export function revisionFileName(template: string, revisionId: string, message: string, now: Date, truncateSlugLength = 40): string {
  const values = {
    rev: revisionId,
    slug: slugOf(message, truncateSlugLength),
    epoch: Math.floor(now.getTime() / 1000),
    year: now.getFullYear(),
    month: now.getMonth() + 1,
    day: now.getDate(),
    hour: now.getHours(),
    minute: now.getMinutes(),
    second: now.getSeconds(),
  };
  return `${formatFileTemplate(template || DEFAULT_FILE_TEMPLATE, values)}.py`;
}
