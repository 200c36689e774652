import type { Query } from '../types.js';
import { idSegment } from '../guard.js';

/** Options every typed call takes. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of the `...All` iterators: stop after `limit` items in total. */
export interface AllOptions extends CallOptions {
  limit?: number | undefined;
}

/** A path segment from an id (see guard.ts: one segment, never `.` or `..`). */
export function segment(value: string, what: string): string {
  return idSegment(value, what);
}

/** The typed query objects are plain records of query values. */
export function asQuery(query: object | undefined): Query | undefined {
  return query as Query | undefined;
}

/** Request options carrying only what was given (exactOptionalPropertyTypes forbids explicit undefined). */
export function callOptions(options: CallOptions | undefined, query?: object): { query?: Query; signal?: AbortSignal } {
  const out: { query?: Query; signal?: AbortSignal } = {};
  if (query !== undefined) out.query = query as Query;
  if (options?.signal) out.signal = options.signal;
  return out;
}

/** Paginate options from an `...All` call. */
export function allOptions(
  itemsKey: string,
  pageSize: number | undefined,
  query: object | undefined,
  options: AllOptions | undefined,
  repeat?: readonly string[],
) {
  return {
    itemsKey,
    ...(pageSize !== undefined ? { pageSize } : {}),
    ...(query !== undefined ? { query: query as Query } : {}),
    ...(options?.limit !== undefined ? { limit: options.limit } : {}),
    ...(options?.signal ? { signal: options.signal } : {}),
    ...(repeat ? { repeat } : {}),
  };
}

/** The maximum page size of each paginated endpoint (facts §2). */
export const PAGE_SIZES = {
  contacts: 500,
  /** The schema says 1000, the description 1-500: 500 is valid under both. */
  lists: 500,
  emails: 500,
  activities: 500,
  customFields: 100,
  tags: 500,
  activityDetails: 100,
  tracking: 500,
} as const;
