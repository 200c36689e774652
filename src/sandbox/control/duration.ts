/**
 * Durations as people write them for the clock controls: `3d`, `90m`, `1d12h`, `1h 30m`, `250ms`,
 * `2w`, or a bare number of milliseconds. Units: w, d, h, m, s, ms. Months and years are refused
 * (their length depends on the date), as is anything negative: the sandbox clock only moves forward.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};

export class DurationError extends Error {}

const PART = /(\d+(?:\.\d+)?)\s*(ms|w|d|h|m|s)/gy;

/** Milliseconds in `text`; throws DurationError naming what is wrong. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (trimmed === '') throw new DurationError('the duration is empty; write e.g. 3d, 2h30m, 90s or 500ms');
  let total = 0;
  let at = 0;
  PART.lastIndex = 0;
  while (at < trimmed.length) {
    PART.lastIndex = at;
    const match = PART.exec(trimmed);
    if (!match) {
      throw new DurationError(
        `"${text}" is not a duration: "${trimmed.slice(at)}" is not a number followed by w, d, h, m, s or ms (e.g. 3d, 2h30m, 500ms)`,
      );
    }
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    at = PART.lastIndex;
    while (trimmed[at] === ' ') at++;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER)
    throw new DurationError(`"${text}" is too long a duration`);
  return Math.round(total);
}
