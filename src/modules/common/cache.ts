import type { RunContext } from '../define.js';

/** Loads a value once per run (the promise is cached, so concurrent callers share one request). */
export function cached<T>(ctx: RunContext, key: string, load: () => Promise<T>): Promise<T> {
  let hit = ctx.cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    ctx.cache.set(key, hit);
    // A failed load must not poison the cache for a retry within the same run.
    hit.catch(() => ctx.cache.delete(key));
  }
  return hit;
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
