import { isUuid, type Problems } from './problems.js';
import { textLength } from '../text-rules.js';

/**
 * Readers for request-body fields. Each one records a problem (instead of throwing) so a request is
 * answered with every problem at once. Absent, `null` and empty-string values read as `undefined`:
 * the API treats a blank property like a missing one.
 */
export type Body = Record<string, unknown>;

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function readString(problems: Problems, body: Body, key: string, max: number, label = key): string | undefined {
  const value = body[key];
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string') {
    problems.add(`${label} must be a string.`);
    return undefined;
  }
  if (textLength(value) > max) {
    problems.add(`${label} exceeds the maximum length of ${max} characters.`);
    return undefined;
  }
  return value;
}

export function readEnum<T extends string>(
  problems: Problems,
  body: Body,
  key: string,
  allowed: readonly T[],
  label = key,
): T | undefined {
  const value = body[key];
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    problems.add(`${label} must be one of: ${allowed.join(', ')}.`);
    return undefined;
  }
  return value as T;
}

/** An integer within [min, max]; numeric strings are accepted (CSV imports carry only strings). */
export function readInteger(
  problems: Problems,
  body: Body,
  key: string,
  min: number,
  max: number,
  label = key,
): number | undefined {
  const value = body[key];
  if (isBlank(value)) return undefined;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    problems.add(`${label} must be an integer from ${min} through ${max}.`);
    return undefined;
  }
  return n;
}

export function readBoolean(problems: Problems, body: Body, key: string, label = key): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(`${label} must be true or false.`);
    return undefined;
  }
  return value;
}

/** An array of at most `max` items, or undefined when absent/null. */
export function readArray(
  problems: Problems,
  body: Body,
  key: string,
  max: number,
  label = key,
): unknown[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.add(`${label} must be an array.`);
    return undefined;
  }
  if (value.length > max) {
    problems.add(`${label} accepts at most ${max} items.`);
    return undefined;
  }
  return value;
}

/** An array of distinct UUID strings (duplicates are dropped), at most `max`. */
export function readIdArray(
  problems: Problems,
  body: Body,
  key: string,
  max: number,
  label = key,
): string[] | undefined {
  const items = readArray(problems, body, key, max, label);
  if (items === undefined) return undefined;
  const ids: string[] = [];
  for (const item of items) {
    if (!isUuid(item)) {
      problems.add(`${label} must contain only ids in UUID format; ${JSON.stringify(item)} is not one.`);
      return undefined;
    }
    if (!ids.includes(item)) ids.push(item);
  }
  return ids;
}

export { isEmailAddress as isEmail } from '../text-rules.js';

/** The anniversary/consent date formats the API lists (facts §4.4), normalised to `YYYY-MM-DD`. */
export function normaliseDate(value: string): string | undefined {
  const monthFirst = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/.exec(value);
  const yearFirst = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})$/.exec(value);
  let y: number, m: number, d: number;
  if (monthFirst) [y, m, d] = [Number(monthFirst[4]), Number(monthFirst[1]), Number(monthFirst[3])];
  else if (yearFirst) [y, m, d] = [Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const DATE_FORMATS_TEXT =
  'MM/DD/YYYY, M/D/YYYY, YYYY/MM/DD, YYYY/M/D, YYYY-MM-DD, YYYY-M-D, M-D-YYYY, M-DD-YYYY or MM-DD-YYYY';

export function readAnniversary(problems: Problems, body: Body, key = 'anniversary'): string | undefined {
  const raw = readString(problems, body, key, 10);
  if (raw === undefined) return undefined;
  const date = normaliseDate(raw);
  if (date === undefined) problems.add(`${key} must be a valid date in one of the formats ${DATE_FORMATS_TEXT}.`);
  return date;
}

/** Birthday month and day: each 1–12 / 1–31, and each requires the other (facts §4.4). */
export function readBirthday(problems: Problems, body: Body): { month: number; day: number } | undefined {
  const month = readInteger(problems, body, 'birthday_month', 1, 12);
  const day = readInteger(problems, body, 'birthday_day', 1, 31);
  const monthGiven = !isBlank(body.birthday_month);
  const dayGiven = !isBlank(body.birthday_day);
  if (monthGiven !== dayGiven) {
    problems.add(
      monthGiven
        ? 'birthday_day is required when birthday_month is set.'
        : 'birthday_month is required when birthday_day is set.',
    );
    return undefined;
  }
  return month !== undefined && day !== undefined ? { month, day } : undefined;
}
