/**
 * The `create_date` Alembic hands a new revision: local time without `timezone`, else "now" in
 * that zone (tried as written, then upper-cased, as Alembic does), whose `str()` carries the
 * UTC offset. The file name's `%(year)s` ... `%(second)s` fields come from the same wall time.
 */
import { pythonDateTime, type WallClock } from '../../common/pythonDateTime';

export interface CreateDate extends WallClock {
  epoch: number;
  /** Minutes east of UTC when a timezone is configured. */
  offsetMinutes?: number;
}

export class UnknownTimezone extends Error {}

function zoneExists(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function createDateOf(now: Date, timezone?: string): CreateDate {
  const epoch = Math.floor(now.getTime() / 1000);
  const microsecond = now.getMilliseconds() * 1000;
  if (timezone === undefined) {
    return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate(), hour: now.getHours(), minute: now.getMinutes(), second: now.getSeconds(), microsecond, epoch };
  }
  const zone = zoneExists(timezone) ? timezone : zoneExists(timezone.toUpperCase()) ? timezone.toUpperCase() : undefined;
  if (!zone) throw new UnknownTimezone(`Can't locate timezone: ${timezone}`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetMinutes = Math.round((asUtc - epoch * 1000) / 60000);
  return { ...wall, microsecond, epoch, offsetMinutes };
}

/** Python's `str(datetime)` of the create date: microseconds only when non-zero, the offset when aware. */
export function pythonDateText(date: CreateDate): string {
  return pythonDateTime(date, ' ', date.offsetMinutes);
}
