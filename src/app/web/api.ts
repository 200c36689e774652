import type { ApiFailure } from '../api-types.js';

/** A failure the API described: the same name, message, hint and field problems the CLI prints. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: ApiFailure,
  ) {
    super(detail.message);
    this.name = detail.name;
  }
}

/** One call to the app's JSON API; the session cookie goes along by itself (same origin). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  const res = await fetch(`/api${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(res.status, {
      name: 'BadResponse',
      message: `The app answered ${res.status}: ${text.slice(0, 200)}`,
    });
  }
  if (!res.ok) {
    const detail = (parsed as { error?: ApiFailure } | undefined)?.error;
    throw new ApiError(res.status, detail ?? { name: 'HttpError', message: `The app answered ${res.status}` });
  }
  return parsed as T;
}

/** The message and hint of any failure, for a page. */
export function describe(err: unknown): { message: string; hint?: string } {
  if (err instanceof ApiError)
    return err.detail.hint ? { message: err.message, hint: err.detail.hint } : { message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}
