import { parseIsoDate } from '../expression/date-format.js';
import { isTimeZone } from '../expression/time-zone.js';
import { parseInterval } from '../../watch/times.js';
import type { ClockTime, MonthDay, Schedule, ScheduleProblem, ScheduleType } from './types.js';

const TYPES: readonly ScheduleType[] = ['interval', 'once', 'daily', 'weekly', 'monthly', 'on-demand'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const KEYS: Record<ScheduleType, readonly string[]> = {
  interval: ['every'],
  once: ['at'],
  daily: ['at'],
  weekly: ['at', 'days'],
  monthly: ['at', 'days'],
  'on-demand': [],
};
/** The shortest interval: a scenario polls, and 4 requests a second are shared by all of them. */
export const MIN_INTERVAL_MS = 1_000;

export type ScheduleResult =
  { readonly ok: true; readonly schedule: Schedule } | { readonly ok: false; readonly problems: ScheduleProblem[] };

/**
 * Reads a scenario's `scheduling` block. Absent means on demand (runs only when asked). Every problem
 * is reported at once, each with its key.
 */
export function parseSchedule(raw: unknown): ScheduleResult {
  if (raw === undefined || raw === null) return { ok: true, schedule: { type: 'on-demand', timezone: 'UTC' } };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return fail([{ field: '', message: 'scheduling is a map, e.g. { type: interval, every: 15m }' }]);
  const block = raw as Record<string, unknown>;
  const problems: ScheduleProblem[] = [];
  const type = block.type;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type))
    return fail([{ field: 'type', message: `type must be one of ${TYPES.join(', ')}` }]);
  const kind = type as ScheduleType;
  for (const key of Object.keys(block))
    if (!['type', 'timezone', 'start', 'end', ...KEYS[kind]].includes(key))
      problems.push({
        field: key,
        message: `${kind} schedules take ${['timezone', 'start', 'end', ...KEYS[kind]].join(', ')}; remove "${key}"`,
      });
  let timezone = 'UTC';
  if (block.timezone !== undefined) {
    if (typeof block.timezone === 'string' && isTimeZone(block.timezone)) timezone = block.timezone;
    else
      problems.push({
        field: 'timezone',
        message: `"${String(block.timezone)}" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)`,
      });
  }
  const start = instantField(block, 'start', timezone, problems);
  const end = instantField(block, 'end', timezone, problems);
  if (start !== undefined && end !== undefined && end <= start)
    problems.push({ field: 'end', message: 'end must come after start' });
  const common = { timezone, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
  let schedule: Schedule | undefined;
  switch (kind) {
    case 'on-demand':
      schedule = { type: kind, ...common };
      break;
    case 'interval': {
      const everyMs = intervalField(block.every, problems);
      if (everyMs !== undefined) schedule = { type: kind, everyMs, ...common };
      break;
    }
    case 'once': {
      if (block.at === undefined)
        problems.push({ field: 'at', message: 'give at: the date-time of the run, e.g. 2026-03-01T09:00' });
      const at = instantField(block, 'at', timezone, problems);
      if (at !== undefined) schedule = { type: kind, at, ...common };
      break;
    }
    case 'daily':
    case 'weekly':
    case 'monthly': {
      const times = timesField(block.at, problems);
      if (kind === 'daily') {
        if (times) schedule = { type: kind, times, ...common };
        break;
      }
      const days = kind === 'weekly' ? weekdaysField(block.days, problems) : monthDaysField(block.days, problems);
      if (times && days)
        schedule =
          kind === 'weekly'
            ? { type: kind, times, days: days as number[], ...common }
            : { type: kind, times, days: days as MonthDay[], ...common };
      break;
    }
  }
  if (problems.length > 0 || !schedule) return fail(problems);
  return { ok: true, schedule };
}

function fail(problems: ScheduleProblem[]): ScheduleResult {
  return { ok: false, problems };
}

function intervalField(value: unknown, problems: ScheduleProblem[]): number | undefined {
  if (value === undefined) {
    problems.push({ field: 'every', message: 'give every: how often to run, e.g. 15m, 1h, 30s' });
    return undefined;
  }
  try {
    const ms = parseInterval(String(value));
    if (ms < MIN_INTERVAL_MS) throw new RangeError(`every: ${String(value)} is too often; run at most once a second`);
    return ms;
  } catch (error) {
    problems.push({ field: 'every', message: (error as Error).message });
    return undefined;
  }
}

function instantField(
  block: Record<string, unknown>,
  key: string,
  timezone: string,
  problems: ScheduleProblem[],
): number | undefined {
  const value = block[key];
  if (value === undefined) return undefined;
  // YAML reads an unquoted date-time as a Date.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  const parsed = typeof value === 'string' ? parseIsoDate(value, timezone) : undefined;
  if (typeof parsed === 'number') return parsed;
  problems.push({
    field: key,
    message:
      `${key}: ${typeof parsed === 'string' ? parsed : `"${String(value)}" is not an ISO 8601 date-time`} ` +
      "(e.g. 2026-03-01T09:00, read in the schedule's time zone)",
  });
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function timesField(value: unknown, problems: ScheduleProblem[]): ClockTime[] | undefined {
  if (value === undefined) {
    problems.push({ field: 'at', message: 'give at: the time(s) of day, e.g. "09:00" or ["09:00", "17:30"]' });
    return undefined;
  }
  const times: ClockTime[] = [];
  list(value).forEach((entry, index) => {
    // YAML 1.1 reads 09:00 unquoted as the number 540 (sexagesimal); YAML 1.2 (the yaml package) keeps text.
    const match = typeof entry === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(entry.trim()) : null;
    const hour = Number(match?.[1]);
    const minute = Number(match?.[2]);
    if (!match || hour > 23 || minute > 59)
      problems.push({
        field: Array.isArray(value) ? `at[${index}]` : 'at',
        message: `"${String(entry)}" is not a time of day; write HH:MM, 24-hour, in quotes (e.g. "09:00")`,
      });
    else if (!times.some((time) => time.hour === hour && time.minute === minute)) times.push({ hour, minute });
  });
  if (Array.isArray(value) && value.length === 0)
    problems.push({ field: 'at', message: 'give at least one time of day' });
  return times.sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute));
}

function weekdaysField(value: unknown, problems: ScheduleProblem[]): number[] | undefined {
  if (value === undefined) {
    problems.push({ field: 'days', message: 'give days: the days of the week, e.g. [mon, wed, fri]' });
    return undefined;
  }
  const days = new Set<number>();
  list(value).forEach((entry, index) => {
    const day = typeof entry === 'string' ? WEEKDAYS.indexOf(entry.trim().toLowerCase().slice(0, 3)) : -1;
    const full = typeof entry === 'string' && /^(sun|mon|tue|wed|thu|fri|sat)[a-z]*$/i.test(entry.trim());
    if (day < 0 || !full)
      problems.push({
        field: Array.isArray(value) ? `days[${index}]` : 'days',
        message: `"${String(entry)}" is not a day of the week (mon, tue, wed, thu, fri, sat, sun)`,
      });
    else days.add(day);
  });
  if (Array.isArray(value) && value.length === 0) problems.push({ field: 'days', message: 'give at least one day' });
  return [...days].sort((a, b) => a - b);
}

function monthDaysField(value: unknown, problems: ScheduleProblem[]): MonthDay[] | undefined {
  if (value === undefined) {
    problems.push({ field: 'days', message: 'give days: the days of the month, e.g. [1, 15, last]' });
    return undefined;
  }
  const days: MonthDay[] = [];
  list(value).forEach((entry, index) => {
    if (entry === 'last') {
      if (!days.includes('last')) days.push('last');
    } else if (typeof entry === 'number' && Number.isInteger(entry) && entry >= 1 && entry <= 31) {
      if (!days.includes(entry)) days.push(entry);
    } else
      problems.push({
        field: Array.isArray(value) ? `days[${index}]` : 'days',
        message: `"${String(entry)}" is not a day of the month (1-31, or last)`,
      });
  });
  if (Array.isArray(value) && value.length === 0) problems.push({ field: 'days', message: 'give at least one day' });
  return days;
}
