/** Time helpers shared by the runtime and the CLI: one ISO form, intervals, and `--from`. */

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Every time the runtime stores or compares is `Date#toISOString()` (UTC, milliseconds, `Z`), so text
 * order is time order. Throws on a value that is not a date: an event without a usable time cannot be
 * ordered or checkpointed, and dropping it silently would lose it.
 */
export function normalizeTime(value: string, what: string): string {
  if (CANONICAL.test(value)) return value;
  const ms = Date.parse(value);
  if (value === '' || Number.isNaN(ms)) throw new Error(`${what}: "${value}" is not a date-time`);
  return new Date(ms).toISOString();
}

export function shiftTime(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export function maxTime(a: string, b: string): string {
  return a >= b ? a : b;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--every`: `90s`, `5m`, `1h`, `500ms`, `1d`, or a bare number of seconds. Returns milliseconds. */
export function parseInterval(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match)
    throw new RangeError(
      `"${text}" is not an interval; use a number with a unit, e.g. 30s, 5m, 1h (a bare number means seconds)`,
    );
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = Math.round(amount * (UNIT_MS[unit] ?? 1000));
  if (!(ms >= 100))
    throw new RangeError(
      `the interval "${text}" is too short; poll at most every 100ms (the API allows 4 requests a second)`,
    );
  if (ms > 366 * UNIT_MS.d!) throw new RangeError(`the interval "${text}" is longer than a year`);
  return ms;
}

/** Where a new watch starts: new events only, every existing event, or events at or after a date. */
export type StartPoint = { kind: 'now' } | { kind: 'all' } | { kind: 'date'; at: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `--from now|all|<ISO date or date-time>`. A date or date-time without a zone is read as UTC. */
export function parseStartPoint(text: string): StartPoint {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return { kind: 'now' };
  if (value.toLowerCase() === 'all') return { kind: 'all' };
  const bad = new RangeError(
    `"${text}" is not now, all or a real ISO-8601 date (e.g. 2026-03-01 or 2026-03-01T12:00:00Z)`,
  );
  if (!ISO_DATE.test(value)) throw bad;
  // Date.parse rolls 2026-02-30 over to March 2: check the calendar date itself.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    throw bad;
  const normalized = value.replace(' ', 'T');
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalized);
  const ms = Date.parse(normalized.length === 10 ? `${normalized}T00:00:00Z` : hasZone ? normalized : `${normalized}Z`);
  if (Number.isNaN(ms)) throw bad;
  return { kind: 'date', at: new Date(ms).toISOString() };
}

/** How a start point is stored and compared (`now`, `all`, or the ISO instant). */
export function describeStartPoint(start: StartPoint): string {
  return start.kind === 'date' ? start.at : start.kind;
}
