/**
 * ISO-8601 instants as the API accepts them in query parameters and bodies: a date (`2022-05-17`,
 * midnight UTC), or a date-time with `Z`, an offset with or without a colon (`-0500`, facts §6.1), or
 * no zone (read as UTC). Returns epoch ms, or undefined when the text is not such a date.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

export function parseInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (m[4] === undefined && m[8] === undefined && m[9] !== undefined) return undefined; // an offset needs a time
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  if (m[9] === undefined) return utc;
  const offsetMinutes = (Number(m[10]) * 60 + Number(m[11])) * (m[9] === '-' ? -1 : 1);
  return utc - offsetMinutes * 60_000;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
