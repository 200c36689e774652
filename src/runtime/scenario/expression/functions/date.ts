import { EARLIEST_MS, formatInstant, LATEST_MS, parseIsoDate, parseWithFormat } from '../date-format.js';
import { fieldsOfUtc, instantFromLocal, isTimeZone, utcFromLocal, zonedTime } from '../time-zone.js';
import {
  describeForMessage,
  fail,
  integerArg,
  nullPassing,
  numberArg,
  textArg,
  type CallContext,
  type FunctionSpec,
} from './types.js';

function zoneArg(context: CallContext, args: readonly unknown[], index: number): string {
  if (args.length <= index || args[index] === null) {
    if (!isTimeZone(context.scope.timezone))
      fail(context, `the scenario's time zone "${context.scope.timezone}" is not an IANA time zone`);
    return context.scope.timezone;
  }
  const zone = textArg(context, args, index);
  if (!isTimeZone(zone))
    fail(context, `"${zone}" is not an IANA time zone (e.g. "Europe/Paris", "America/New_York", "UTC")`);
  return zone;
}

function checkRange(context: CallContext, ms: number): number {
  if (!(ms >= EARLIEST_MS && ms <= LATEST_MS)) fail(context, 'the date falls outside the years 1 to 9999');
  return ms;
}

/** A date argument: ISO 8601 text (without an offset: the scenario's zone) or Unix milliseconds. */
function instantArg(context: CallContext, args: readonly unknown[], index: number): number {
  const value = args[index];
  if (typeof value === 'number') return checkRange(context, value);
  if (typeof value === 'string') {
    const parsed = parseIsoDate(value, zoneArg(context, [], 0));
    if (typeof parsed === 'number') return checkRange(context, parsed);
    if (typeof parsed === 'string') fail(context, parsed);
  }
  return fail(
    context,
    `${describeForMessage(value)} is not a date; ` +
      'give ISO 8601 text such as "2026-03-01T09:00:00Z" or use parseDate(text; format)',
  );
}

const iso = (context: CallContext, ms: number): string => new Date(checkRange(context, ms)).toISOString();

function shifter(unitMs: number, whole: boolean): FunctionSpec {
  return nullPassing({
    min: 2,
    max: 2,
    call: (args, context) => {
      const amount = whole ? integerArg(context, args, 1) : numberArg(context, args, 1);
      return iso(context, instantArg(context, args, 0) + amount * unitMs);
    },
  });
}

export const DATE_FUNCTIONS: Record<string, FunctionSpec> = {
  now: { min: 0, max: 0, call: (_args, context) => context.scope.now.toISOString() },
  formatDate: nullPassing({
    min: 2,
    max: 3,
    call: (args, context) => {
      const ms = instantArg(context, args, 0);
      const format = textArg(context, args, 1);
      try {
        return formatInstant(ms, format, zoneArg(context, args, 2));
      } catch (error) {
        return fail(context, (error as Error).message);
      }
    },
  }),
  parseDate: nullPassing({
    min: 1,
    max: 3,
    call: (args, context) => {
      const zone = zoneArg(context, args, 2);
      if (typeof args[0] === 'number' && (args.length < 2 || args[1] === null)) return iso(context, args[0]);
      const text = textArg(context, args, 0);
      let parsed: number | string | undefined;
      if (args.length < 2 || args[1] === null) {
        parsed =
          parseIsoDate(text, zone) ??
          `${describeForMessage(text)} is not ISO 8601; give the format as the second argument`;
      } else {
        try {
          parsed = parseWithFormat(text, textArg(context, args, 1), zone);
        } catch (error) {
          parsed = (error as Error).message;
        }
      }
      if (typeof parsed === 'string') fail(context, parsed);
      return iso(context, parsed);
    },
  }),
  // Days are calendar days in the scenario's zone: 09:00 stays 09:00 across a DST change.
  addDays: nullPassing({
    min: 2,
    max: 2,
    call: (args, context) => {
      const ms = instantArg(context, args, 0);
      const days = integerArg(context, args, 1);
      if (Math.abs(days) > 3_660_000) fail(context, 'the number of days is too large');
      const zone = zoneArg(context, [], 0);
      const local = zonedTime(ms, zone);
      const shifted = fieldsOfUtc(utcFromLocal({ ...local, day: local.day + days }));
      return iso(context, instantFromLocal(shifted, zone));
    },
  }),
  addHours: shifter(3_600_000, false),
  addMinutes: shifter(60_000, false),
};
