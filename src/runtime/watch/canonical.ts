/**
 * Canonical JSON: object keys sorted at every level, `undefined` members dropped. Two inputs that mean
 * the same thing (`{"a":1,"b":2}` and `{"b":2,"a":1}`) give the same text, so they name the same watch.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortDeep(v)));
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortDeep(member);
  }
  return out;
}

/**
 * The part of a module's input that says WHAT is watched. `limit` only caps how many events one cycle
 * hands over, so changing it keeps the watch (and its checkpoint) instead of silently starting a new one.
 */
export function watchedInput(input: Record<string, unknown>): Record<string, unknown> {
  const { limit: _limit, ...rest } = input;
  return rest;
}
