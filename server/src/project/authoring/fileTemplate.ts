/**
 * The file name Alembic gives a new revision: the environment's `file_template` (Python
 * `%`-formatting with named fields) filled with the id, the slug and the creation time.
 */
import { slugOf } from './slug';

/** Alembic's default `file_template`. */
export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';

/** Python `%`-formatting of a file_template with named fields (`%(rev)s`, `%(month).2d`, `%%`). */
export function formatFileTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/%(?:\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sdi])|%)/g, (whole, name: string | undefined, flags: string, width: string, precision: string, type: string) => {
    if (!name) return '%';
    const value = values[name];
    if (value === undefined) return whole;
    let text: string;
    if (type === 's') text = String(value);
    else {
      const number = Math.trunc(Number(value));
      text = String(Math.abs(number));
      if (precision) text = text.padStart(Number(precision), '0');
      if (number < 0) text = `-${text}`;
    }
    if (width) text = flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes('0') && type !== 's' ? '0' : ' ');
    return text;
  });
}

/** `<file_template filled>.py` for a revision created at `now` (local time, as Alembic without `timezone`). */
export function revisionFileName(template: string, revisionId: string, message: string, now: Date): string {
  const values = {
    rev: revisionId,
    slug: slugOf(message),
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
