import { daysInMonth, fieldsOfUtc, instantFromLocal, utcFromLocal, zonedTime } from '../expression/time-zone.js';
import type { ClockTime, Schedule } from './types.js';

const DAY_MS = 86_400_000;
/** A monthly schedule on the 31st waits at most 2 months; 400 days covers every schedule with room. */
const SEARCH_DAYS = 400;

/**
 * The first run strictly after `instant`, or null when there is none (on demand, a once in the past,
 * past `end`). Wall-clock times follow the schedule's zone through DST: a time that happens twice runs
 * once, at its first occurrence; a time skipped by the spring change runs when the clock resumes
 * (02:30 → 03:30).
 */
export function nextRunAfter(schedule: Schedule, instant: Date): Date | null {
  const after = instant.getTime();
  if (Number.isNaN(after)) return null;
  // A run at exactly `start` counts, so search from just before it.
  const from = schedule.start !== undefined ? Math.max(after, schedule.start - 1) : after;
  const next = firstAfter(schedule, from);
  if (next === null || (schedule.end !== undefined && next > schedule.end)) return null;
  return new Date(next);
}

function firstAfter(schedule: Schedule, from: number): number | null {
  switch (schedule.type) {
    case 'on-demand':
      return null;
    case 'once':
      return schedule.at > from ? schedule.at : null;
    case 'interval': {
      // Runs sit on a grid from `start` (or the Unix epoch): restarting the daemon keeps the rhythm.
      const anchor = schedule.start ?? 0;
      const steps = Math.floor((from - anchor) / schedule.everyMs) + 1;
      return anchor + Math.max(0, steps) * schedule.everyMs;
    }
    default:
      return nextCalendarRun(schedule, from);
  }
}

type CalendarSchedule = Extract<Schedule, { type: 'daily' | 'weekly' | 'monthly' }>;

function dayMatches(schedule: CalendarSchedule, year: number, month: number, day: number): boolean {
  if (schedule.type === 'daily') return true;
  if (schedule.type === 'weekly') {
    const weekday = new Date(
      utcFromLocal({ year, month, day, hour: 12, minute: 0, second: 0, millisecond: 0 }),
    ).getUTCDay();
    return schedule.days.includes(weekday);
  }
  const last = daysInMonth(year, month);
  return schedule.days.some((wanted) => (wanted === 'last' ? day === last : wanted === day));
}

function runsOnDay(schedule: CalendarSchedule, dayOffset: number, base: ReturnType<typeof zonedTime>): number[] {
  const date = fieldsOfUtc(
    utcFromLocal({
      year: base.year,
      month: base.month,
      day: base.day + dayOffset,
      hour: 12,
      minute: 0,
      second: 0,
      millisecond: 0,
    }),
  );
  if (!dayMatches(schedule, date.year, date.month, date.day)) return [];
  return schedule.times.map((time: ClockTime) =>
    instantFromLocal(
      {
        year: date.year,
        month: date.month,
        day: date.day,
        hour: time.hour,
        minute: time.minute,
        second: 0,
        millisecond: 0,
      },
      schedule.timezone,
    ),
  );
}

function nextCalendarRun(schedule: CalendarSchedule, from: number): number | null {
  // Start a day early: the zone's date at `from` may be behind a run that is still ahead.
  const base = zonedTime(from - DAY_MS, schedule.timezone);
  let best: number | null = null;
  let foundOn = -1;
  for (let offset = 0; offset <= SEARCH_DAYS; offset += 1) {
    for (const run of runsOnDay(schedule, offset, base)) if (run > from && (best === null || run < best)) best = run;
    if (best !== null && foundOn < 0) foundOn = offset;
    // A DST shift moves a run by an hour or two, never past the next day's runs: one more day settles it.
    if (foundOn >= 0 && offset > foundOn) return best;
  }
  return best;
}

/** The most runs the schedule makes in one day (what the daily request budget must cover). */
export function peakRunsPerDay(schedule: Schedule): number {
  switch (schedule.type) {
    case 'on-demand':
      return 0;
    case 'once':
      return 1;
    case 'interval':
      return Math.ceil(DAY_MS / schedule.everyMs);
    default:
      return schedule.times.length;
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function describeEvery(ms: number): string {
  for (const [unit, size] of [
    ['d', DAY_MS],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** One line for people: "every 15m", "daily at 09:00, 17:30 (Europe/Paris)". */
export function describeSchedule(schedule: Schedule): string {
  const zone = schedule.timezone === 'UTC' ? ' (UTC)' : ` (${schedule.timezone})`;
  const times = 'times' in schedule ? schedule.times.map((t) => `${pad(t.hour)}:${pad(t.minute)}`).join(', ') : '';
  switch (schedule.type) {
    case 'on-demand':
      return 'on demand';
    case 'once':
      return `once at ${new Date(schedule.at).toISOString()}`;
    case 'interval':
      return `every ${describeEvery(schedule.everyMs)}`;
    case 'daily':
      return `daily at ${times}${zone}`;
    case 'weekly':
      return `${schedule.days.map((day) => WEEKDAY_NAMES[day]).join(', ')} at ${times}${zone}`;
    case 'monthly':
      return `monthly on day ${schedule.days.join(', ')} at ${times}${zone}`;
  }
}
