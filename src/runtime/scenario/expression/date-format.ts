import { daysInMonth, instantFromLocal, utcFromLocal, zonedTime, type ZonedTime } from './time-zone.js';

/** Dates are carried as ISO 8601 text in UTC; these bounds keep them four-digit years. */
export const EARLIEST_MS = utcFromLocal({ year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 });
export const LATEST_MS = utcFromLocal({
  year: 9999,
  month: 12,
  day: 31,
  hour: 23,
  minute: 59,
  second: 59,
  millisecond: 999,
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Longest first, so that `MMMM` wins over `MM` and `M`. */
const TOKENS = [
  'YYYY',
  'MMMM',
  'dddd',
  'MMM',
  'ddd',
  'SSS',
  'YY',
  'MM',
  'DD',
  'HH',
  'hh',
  'mm',
  'ss',
  'ZZ',
  'M',
  'D',
  'H',
  'h',
  'm',
  's',
  'A',
  'a',
  'Z',
  'X',
  'x',
] as const;
type FormatToken = (typeof TOKENS)[number];
type FormatPiece = { readonly token: FormatToken } | { readonly literal: string };

/** Splits a format into tokens and literal text; `[…]` is always literal. Throws Error on a bad format. */
export function tokenizeFormat(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let at = 0;
  while (at < format.length) {
    if (format[at] === '[') {
      const close = format.indexOf(']', at + 1);
      if (close < 0) throw new Error('a "[" in the format is not closed by "]"');
      pieces.push({ literal: format.slice(at + 1, close) });
      at = close + 1;
      continue;
    }
    const token = TOKENS.find((candidate) => format.startsWith(candidate, at));
    if (token) {
      pieces.push({ token });
      at += token.length;
    } else {
      pieces.push({ literal: format[at]! });
      at += 1;
    }
  }
  return pieces;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60), 2)}${colon ? ':' : ''}${pad(absolute % 60, 2)}`;
}

function formatToken(token: FormatToken, time: ZonedTime, ms: number): string {
  switch (token) {
    case 'YYYY':
      return pad(time.year, 4);
    case 'YY':
      return pad(time.year % 100, 2);
    case 'MMMM':
      return MONTHS[time.month - 1]!;
    case 'MMM':
      return MONTHS[time.month - 1]!.slice(0, 3);
    case 'MM':
      return pad(time.month, 2);
    case 'M':
      return String(time.month);
    case 'DD':
      return pad(time.day, 2);
    case 'D':
      return String(time.day);
    case 'dddd':
      return WEEKDAYS[time.weekday]!;
    case 'ddd':
      return WEEKDAYS[time.weekday]!.slice(0, 3);
    case 'HH':
      return pad(time.hour, 2);
    case 'H':
      return String(time.hour);
    case 'hh':
      return pad(time.hour % 12 || 12, 2);
    case 'h':
      return String(time.hour % 12 || 12);
    case 'mm':
      return pad(time.minute, 2);
    case 'm':
      return String(time.minute);
    case 'ss':
      return pad(time.second, 2);
    case 's':
      return String(time.second);
    case 'SSS':
      return pad(time.millisecond, 3);
    case 'A':
      return time.hour < 12 ? 'AM' : 'PM';
    case 'a':
      return time.hour < 12 ? 'am' : 'pm';
    case 'Z':
      return offsetText(time.offsetMinutes, true);
    case 'ZZ':
      return offsetText(time.offsetMinutes, false);
    case 'X':
      return String(Math.floor(ms / 1000));
    case 'x':
      return String(ms);
  }
}

/** Writes instant `ms` with `format` as read on a wall clock in `timeZone`. */
export function formatInstant(ms: number, format: string, timeZone: string): string {
  const time = zonedTime(ms, timeZone);
  return tokenizeFormat(format)
    .map((piece) => ('literal' in piece ? piece.literal : formatToken(piece.token, time, ms)))
    .join('');
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  meridiem?: 'am' | 'pm';
  offsetMinutes?: number;
  epochMs?: number;
}

function parseOffset(text: string): number | undefined {
  if (text.toUpperCase() === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? '0');
  if (Number(match[2]) > 23 || Number(match[3] ?? '0') > 59) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

/** Builds the instant from parsed fields, or says what is wrong with them. */
function instantFromFields(fields: Fields, timeZone: string): number | string {
  if (fields.epochMs !== undefined) return fields.epochMs;
  if (fields.year === undefined) return 'the date has no year';
  const month = fields.month ?? 1;
  const day = fields.day ?? 1;
  let hour = fields.hour ?? 0;
  if (fields.meridiem) {
    if (hour < 1 || hour > 12) return `hour ${hour} does not go with AM/PM (use 1-12)`;
    hour = (hour % 12) + (fields.meridiem === 'pm' ? 12 : 0);
  }
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  const millisecond = fields.millisecond ?? 0;
  if (fields.year < 1) return 'the year must be from 1 to 9999';
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1 || day > daysInMonth(fields.year, month)) return `${MONTHS[month - 1]} ${fields.year} has no day ${day}`;
  if (hour > 23 || minute > 59 || second > 59)
    return `${hour}:${pad(minute, 2)}:${pad(second, 2)} is not a time of day`;
  const local = { year: fields.year, month, day, hour, minute, second, millisecond };
  if (fields.offsetMinutes !== undefined) return utcFromLocal(local) - fields.offsetMinutes * 60_000;
  return instantFromLocal(local, timeZone);
}

/**
 * ISO 8601 text: a date, a date-time, with or without a zone offset. Without an offset the time is
 * read on the wall clock of `timeZone`. Returns the instant, or undefined when the text is not ISO,
 * or a message when it looks like ISO but is not a real date.
 */
export function parseIsoDate(text: string, timeZone: string): number | string | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const fields: Fields = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? '0'),
    minute: Number(match[5] ?? '0'),
    second: Number(match[6] ?? '0'),
    millisecond: Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  };
  if (match[8] !== undefined) {
    const offset = parseOffset(match[8]);
    if (offset === undefined) return `"${match[8]}" is not a zone offset`;
    fields.offsetMinutes = offset;
  }
  return instantFromFields(fields, timeZone);
}

function readDigits(text: string, at: number, min: number, max: number): { value: number; end: number } | undefined {
  let end = at;
  while (end < text.length && end - at < max && text[end]! >= '0' && text[end]! <= '9') end += 1;
  if (end - at < min) return undefined;
  return { value: Number(text.slice(at, end)), end };
}

function readName(
  text: string,
  at: number,
  names: readonly string[],
  short: boolean,
): { index: number; end: number } | undefined {
  const lower = text.toLowerCase();
  for (const [index, name] of names.entries()) {
    const candidate = (short ? name.slice(0, 3) : name).toLowerCase();
    if (lower.startsWith(candidate, at)) return { index, end: at + candidate.length };
  }
  return undefined;
}

const DIGIT_TOKENS: Partial<Record<FormatToken, [keyof Fields, number, number]>> = {
  YYYY: ['year', 4, 4],
  MM: ['month', 2, 2],
  M: ['month', 1, 2],
  DD: ['day', 2, 2],
  D: ['day', 1, 2],
  HH: ['hour', 2, 2],
  H: ['hour', 1, 2],
  hh: ['hour', 2, 2],
  h: ['hour', 1, 2],
  mm: ['minute', 2, 2],
  m: ['minute', 1, 2],
  ss: ['second', 2, 2],
  s: ['second', 1, 2],
  SSS: ['millisecond', 3, 3],
};

/**
 * Reads `text` laid out as `format` (the formatDate tokens). Returns the instant or a message that
 * says where the text stops matching.
 */
export function parseWithFormat(text: string, format: string, timeZone: string): number | string {
  const fields: Fields = {};
  let at = 0;
  for (const piece of tokenizeFormat(format)) {
    const where = `at character ${at + 1} of the text`;
    if ('literal' in piece) {
      if (!text.startsWith(piece.literal, at)) return `expected "${piece.literal}" ${where}`;
      at += piece.literal.length;
      continue;
    }
    const token = piece.token;
    const digits = DIGIT_TOKENS[token];
    if (digits) {
      const read = readDigits(text, at, digits[1], digits[2]);
      const width = digits[1] === digits[2] ? `${digits[1]}` : `${digits[1]}-${digits[2]}`;
      if (!read) return `expected ${width} digits for ${token} ${where}`;
      (fields as Record<string, number>)[digits[0]] = read.value;
      at = read.end;
    } else if (token === 'YY') {
      const read = readDigits(text, at, 2, 2);
      if (!read) return `expected 2 digits for YY ${where}`;
      fields.year = read.value + (read.value < 70 ? 2000 : 1900);
      at = read.end;
    } else if (token === 'MMMM' || token === 'MMM') {
      const read = readName(text, at, MONTHS, token === 'MMM');
      if (!read) return `expected a month name for ${token} ${where}`;
      fields.month = read.index + 1;
      at = read.end;
    } else if (token === 'dddd' || token === 'ddd') {
      const read = readName(text, at, WEEKDAYS, token === 'ddd');
      if (!read) return `expected a weekday name for ${token} ${where}`;
      at = read.end;
    } else if (token === 'A' || token === 'a') {
      const meridiem = text.slice(at, at + 2).toLowerCase();
      if (meridiem !== 'am' && meridiem !== 'pm') return `expected AM or PM ${where}`;
      fields.meridiem = meridiem;
      at += 2;
    } else if (token === 'Z' || token === 'ZZ') {
      const match = /^(Z|[+-]\d{2}:?\d{2})/i.exec(text.slice(at, at + 6));
      const offset = match ? parseOffset(match[1]!) : undefined;
      if (!match || offset === undefined) return `expected a zone offset such as +02:00 ${where}`;
      fields.offsetMinutes = offset;
      at += match[1]!.length;
    } else {
      const read = /^-?\d{1,16}/.exec(text.slice(at, at + 17));
      if (!read) return `expected a ${token === 'X' ? 'Unix time in seconds' : 'Unix time in milliseconds'} ${where}`;
      fields.epochMs = Number(read[0]) * (token === 'X' ? 1000 : 1);
      at += read[0].length;
    }
  }
  if (at < text.length) return `unexpected "${text.slice(at, at + 20)}" after the date (character ${at + 1})`;
  return instantFromFields(fields, timeZone);
}
