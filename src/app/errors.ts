import type { Context } from 'hono';
import { describeFailure } from '../client/error-detail.js';

/** A request the app itself refuses (an unknown module, a write without its confirmation). */
export class AppRequestError extends Error {
  override name = 'AppRequestError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
    readonly hint?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...this.extra };
  }
}

/**
 * Every failure reaches the page as `{ error }`, the same document `ctct --json` prints for it:
 * bad input (the CLI's exit code 2) answers 400, the rest 422, a bug 500.
 */
export function failureResponse(err: unknown, c: Context): Response {
  const { detail, exitCode } = describeFailure(err);
  const status =
    err instanceof AppRequestError ? err.status : exitCode === 2 ? 400 : err instanceof TypeError ? 500 : 422;
  return c.json({ error: detail }, status);
}

/** The JSON body of a request, or a clear 400. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json'))
    throw new AppRequestError('The API takes JSON bodies', 400, 'Send Content-Type: application/json.');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (err) {
    throw new AppRequestError(`The request body is not valid JSON: ${(err as Error).message}`, 400);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppRequestError('The request body must be a JSON object', 400);
  return body as Record<string, unknown>;
}
