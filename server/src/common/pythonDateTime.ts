/**
 * Python's text of a datetime's wall-clock fields: `str()` and `isoformat()` print the date, the
 * separator, the time, microseconds only when non-zero, and the UTC offset of an aware value.
 * Shared by the interpreter (`str(datetime(...))` in a migration) and authoring (the
 * `Create Date` Alembic writes into a new revision).
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function pythonDate(clock: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${pad(clock.year, 4)}-${pad(clock.month, 2)}-${pad(clock.day, 2)}`;
}

/** `YYYY-MM-DD<separator>HH:MM:SS[.ffffff][+HH:MM]`; the offset only when `offsetMinutes` is given. */
export function pythonDateTime(clock: WallClock, separator = ' ', offsetMinutes?: number): string {
  let text = `${pythonDate(clock)}${separator}${pad(clock.hour, 2)}:${pad(clock.minute, 2)}:${pad(clock.second, 2)}`;
  if (clock.microsecond) text += `.${pad(clock.microsecond, 6)}`;
  if (offsetMinutes !== undefined) {
    const minutes = Math.abs(offsetMinutes);
    text += `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
  }
  return text;
}
