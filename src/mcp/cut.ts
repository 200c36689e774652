/**
 * Keeps a tool's answer within what an agent can read: a listing loses its last items, a single
 * bundle its longest texts, and a note says what was cut and how to ask for less. The shape stays
 * the one the output schema declares (fewer items, shorter strings), so clients can still validate it.
 */
export interface Cut<T> {
  value: T;
  /** Set when something was cut: what, and how to narrow the query. */
  note?: string;
}

const size = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

/** The first items whose JSON fits in `maxChars` (at least one item is kept, its texts cut if need be). */
export function cutItems(items: readonly unknown[], maxChars: number, narrowing: string): Cut<unknown[]> {
  if (size(items) <= maxChars) return { value: [...items] };
  const kept: unknown[] = [];
  let used = 2;
  for (const item of items) {
    const itemSize = size(item) + 1;
    if (used + itemSize > maxChars) break;
    kept.push(item);
    used += itemSize;
  }
  if (kept.length === 0) {
    const first = cutTexts(items[0], maxChars);
    return {
      value: [first.value],
      note:
        `Only the first of ${items.length} items is shown, and its longest texts are cut: ` +
        `the answer is limited to ${maxChars.toLocaleString('en-US')} characters. ${narrowing}`,
    };
  }
  return {
    value: kept,
    note:
      `Only the first ${kept.length} of ${items.length} items are shown: ` +
      `the answer is limited to ${maxChars.toLocaleString('en-US')} characters. ${narrowing}`,
  };
}

/**
 * Shortens the longest strings of a value (recursively), then if need be its longest lists, until its
 * JSON fits in `maxChars`. Types stay as they were: a cut string is still a string, a cut list a list.
 */
export function cutTexts<T>(value: T, maxChars: number): Cut<T> {
  if (size(value) <= maxChars) return { value };
  const cutPaths = new Set<string>();
  let current = value;
  const attempts: [number, number][] = [];
  for (let limit = Math.max(200, Math.floor(maxChars / 4)); limit >= 50; limit = Math.floor(limit / 2))
    attempts.push([limit, Infinity]);
  for (let items = 100; items >= 1; items = Math.floor(items / 2)) attempts.push([50, items]);
  for (const [limit, maxItems] of attempts) {
    cutPaths.clear();
    current = shorten(value, { limit, maxItems }, '', cutPaths) as T;
    if (size(current) <= maxChars) break;
  }
  const where = [...cutPaths].slice(0, 5).join(', ') + (cutPaths.size > 5 ? ', ...' : '');
  return {
    value: current,
    note: `Long texts or lists were cut to fit ${maxChars.toLocaleString('en-US')} characters (${where}).`,
  };
}

function shorten(
  value: unknown,
  max: { limit: number; maxItems: number },
  path: string,
  cutPaths: Set<string>,
): unknown {
  if (typeof value === 'string') {
    if (value.length <= max.limit) return value;
    cutPaths.add(path || '(value)');
    return `${value.slice(0, max.limit)}… [cut: ${(value.length - max.limit).toLocaleString('en-US')} more characters]`;
  }
  if (Array.isArray(value)) {
    if (value.length > max.maxItems) cutPaths.add(`${path || '(value)'} (first ${max.maxItems} of ${value.length})`);
    return value.slice(0, max.maxItems).map((v, i) => shorten(v, max, `${path}[${i}]`, cutPaths));
  }
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shorten(v, max, path ? `${path}.${k}` : k, cutPaths)]),
    );
  return value;
}
