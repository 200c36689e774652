import { badRequest } from './errors.js';

/**
 * Opaque cursors. A cursor carries everything needed to produce the next page (the position, the page
 * size and the filters of the first request), so `_links.next.href` is just `/v3/<path>?cursor=...`
 * and a client that follows it verbatim never has to repeat its query (facts §2).
 */
export function encodeCursor(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string): T {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as T;
  } catch {
    // fall through to the API-style error below
  }
  throw badRequest('http.status.bad_request', 'The cursor parameter is not valid. Follow _links.next.href verbatim.');
}

/** `/v3` + path + `?cursor=` — the exact shape of the real API's next links. */
export function nextHref(path: string, cursor: string): string {
  return `/v3${path}?cursor=${encodeURIComponent(cursor)}`;
}

export interface LimitRule {
  defaultValue: number;
  max: number;
  min?: number;
  /** error_key prefix used in the 400 body (e.g. `contacts.api.validation.error`). */
  errorKey?: string;
}

/** Parses `limit` the way the API does: an integer within [min, max], else 400. */
export function parseLimit(raw: string | undefined | null, rule: LimitRule): number {
  if (raw === undefined || raw === null || raw === '') return rule.defaultValue;
  const min = rule.min ?? 1;
  if (!/^\d+$/.test(raw)) {
    throw badRequest(
      rule.errorKey ?? 'http.status.bad_request',
      `limit must be an integer between ${min} and ${rule.max}.`,
    );
  }
  const n = Number(raw);
  if (n < min || n > rule.max) {
    throw badRequest(
      rule.errorKey ?? 'http.status.bad_request',
      `limit must be an integer between ${min} and ${rule.max}.`,
    );
  }
  return n;
}
