/**
 * Wall-clock time in an IANA time zone, through Intl only (no date library). Shared by the date
 * functions and the scheduler.
 */

export interface LocalTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

export interface ZonedTime extends LocalTime {
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
  /** Minutes ahead of UTC (Paris in summer: 120). */
  readonly offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a zone Intl knows ("UTC", "Europe/Paris"); false for "Mars/Base" or "". */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name === '' || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The UTC milliseconds of a wall-clock reading taken as if it were UTC; fields may overflow (day 32). */
export function utcFromLocal(local: LocalTime): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second, local.millisecond);
  return date.getTime();
}

/** The calendar fields of a UTC millisecond count (for normalizing overflowed fields). */
export function fieldsOfUtc(ms: number): LocalTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** The wall clock in `timeZone` at instant `ms`. Throws RangeError for an unknown zone. */
export function zonedTime(ms: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  const yearOfEra = Number(parts.year);
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra;
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const local: LocalTime = {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond,
  };
  const offsetMinutes = Math.round((utcFromLocal(local) - ms) / 60_000);
  return { ...local, weekday: new Date(utcFromLocal({ ...local, hour: 12 })).getUTCDay(), offsetMinutes };
}

function offsetAt(ms: number, timeZone: string): number {
  return zonedTime(ms, timeZone).offsetMinutes;
}

/**
 * The instant a wall-clock time in `timeZone` names. Around a DST change this follows the usual
 * "compatible" rule: a time that happens twice (autumn) is its first occurrence, a time that never
 * happens (spring) is moved forward by the gap (02:30 becomes 03:30).
 */
export function instantFromLocal(local: LocalTime, timeZone: string): number {
  const asUtc = utcFromLocal(local);
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000].filter(
    (candidate) => utcFromLocal(zonedTime(candidate, timeZone)) === asUtc,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return asUtc - before * 60_000;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return fieldsOfUtc(utcFromLocal({ year, month: month + 1, day: 0, hour: 12, minute: 0, second: 0, millisecond: 0 }))
    .day;
}
