/**
 * Every failure the client raises is a `CtctApiError` (one base class, stripe-node style); the
 * subclasses let callers branch with `instanceof`. `errorFromResponse` (error-factory.ts) picks the
 * class from an HTTP answer; the rest are raised by the client itself (network, quota, outcome unknown).
 *
 * Messages name the request, quote the API and say what to do; `hint` adds a further tip. Tokens never
 * appear: only the method and the URL path are quoted, and bodies are redacted before they are kept.
 */
export interface ErrorDetails {
  /** The HTTP status, or undefined when no answer was received (network, local checks). */
  status?: number | undefined;
  method?: string | undefined;
  /** The URL path of the request, e.g. `/v3/contacts/abc` (no host, no query). */
  path?: string | undefined;
  errorKey?: string | undefined;
  /** The API's `error_message` values, in order. */
  messages?: readonly string[];
  /** The parsed (or raw text) error body. */
  body?: unknown;
  hint?: string;
  cause?: unknown;
}

export class CtctApiError extends Error {
  override name = 'CtctApiError';
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly errorKey: string | undefined;
  readonly messages: readonly string[];
  readonly body: unknown;
  readonly hint: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.errorKey = details.errorKey;
    this.messages = details.messages ?? [];
    this.body = details.body;
    this.hint = details.hint ?? '';
  }

  /** `GET /v3/contacts/abc`, or undefined for errors raised before any request was built. */
  get request(): string | undefined {
    return this.method && this.path ? `${this.method} ${this.path}` : undefined;
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message, hint: this.hint };
    if (this.status !== undefined) json.status = this.status;
    if (this.method !== undefined) json.method = this.method;
    if (this.path !== undefined) json.path = this.path;
    if (this.errorKey !== undefined) json.errorKey = this.errorKey;
    if (this.messages.length > 0) json.messages = this.messages;
    if (this.body !== undefined) json.body = this.body;
    return json;
  }
}

/** 400: malformed JSON or a field that breaks the contract; resending it unchanged fails again. */
export class ValidationError extends CtctApiError {
  override name = 'ValidationError';
}

/** 401: the access token is invalid or expired. */
export class UnauthorizedError extends CtctApiError {
  override name = 'UnauthorizedError';
}

/** 401 that a token refresh could not cure: the account must be connected again. */
export class ReconnectRequiredError extends UnauthorizedError {
  override name = 'ReconnectRequiredError';
}

/** No access token is configured at all (raised before any request). */
export class MissingTokenError extends CtctApiError {
  override name = 'MissingTokenError';
}

/** 403: a missing OAuth scope, a missing user privilege, or a deactivated application. */
export class ForbiddenError extends CtctApiError {
  override name = 'ForbiddenError';
}

/** 404: no such resource (the API also answers 404 for a malformed id). */
export class NotFoundError extends CtctApiError {
  override name = 'NotFoundError';
}

/** 409: a duplicate (contact email, list or campaign name) or a concurrent change. */
export class ConflictError extends CtctApiError {
  override name = 'ConflictError';
}

/** 415: the body's Content-Type is not what the endpoint takes. */
export class UnsupportedMediaTypeError extends CtctApiError {
  override name = 'UnsupportedMediaTypeError';
}

/** 429 throttled, still answered after the client waited as long as it was allowed to. */
export class RateLimitedError extends CtctApiError {
  override name = 'RateLimitedError';
}

/** The application's daily quota (10,000 requests) is spent; it resets at 00:00 UTC. */
export class QuotaExceededError extends RateLimitedError {
  override name = 'QuotaExceededError';
  constructor(
    message: string,
    readonly resetsAt: Date,
    details: ErrorDetails = {},
  ) {
    super(message, details);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), resetsAt: this.resetsAt.toISOString() };
  }
}

/**
 * A request the client refused before sending anything: a bad id, header, token or path. It is the
 * caller's input to fix, so the CLI exits 2 (bad usage) for it, as for every usage error.
 */
export class RequestRefusedError extends CtctApiError {
  override name = 'RequestRefusedError';
  readonly exitCode = 2;
}

/**
 * A 3xx answer. The v3 API never redirects, and following one could resend a body (and the bearer
 * token) to another host or outside /v3, or show another page's answer as this call's: never followed.
 */
export class RedirectError extends CtctApiError {
  override name = 'RedirectError';
  /** Where the answer pointed (its `Location` header, resolved against the request), if it said. */
  readonly location: string | undefined;
  constructor(message: string, location: string | undefined, details: ErrorDetails = {}) {
    super(message, details);
    this.location = location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), ...(this.location !== undefined ? { location: this.location } : {}) };
  }
}

/** 5xx. */
export class ServerError extends CtctApiError {
  override name = 'ServerError';
}

/** No answer: the connection failed (after the retries allowed for the method). */
export class NetworkError extends CtctApiError {
  override name = 'NetworkError';
}

/** No answer within the timeout. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/**
 * A POST or PATCH whose connection failed after it was sent: the API may or may not have applied it, and
 * it has no idempotency keys, so the client never resends it on its own.
 */
export class OutcomeUnknownError extends CtctApiError {
  override name = 'OutcomeUnknownError';
}

/** The next midnight UTC after `now`: when the daily quota resets (facts §8.1). */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export function quotaExceeded(resetsAt: Date, details: ErrorDetails = {}): QuotaExceededError {
  const where = details.method && details.path ? `${details.method} ${details.path} was not sent: ` : '';
  const api = details.messages?.length ? ` (the API answered 429: "${details.messages.join('; ')}")` : '';
  return new QuotaExceededError(
    `${where}the application's daily quota of API requests is spent${api}. ` +
      `It resets at ${resetsAt.toISOString()} (00:00 UTC).`,
    resetsAt,
    {
      ...details,
      hint:
        'The 10,000 requests a day are shared by every connection of the application; ' +
        'wait for the reset or spread the work over days.',
    },
  );
}
