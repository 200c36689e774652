import type { HttpMethod, RetryOptions } from './types.js';

/**
 * The retry policy as two pure functions: `shouldRetry` decides what to do after one attempt and
 * `backoffDelay` says how long to wait. The client's request loop only carries them out.
 *
 * Policy (facts §8): 429 throttled waits and tries again (bounded by time, not attempts); 429
 * quota_exceeded never retries; 401 refreshes the token once; network errors, timeouts and 5xx are
 * retried for GET/PUT/DELETE only. POST and PATCH are never resent once they may have reached the API:
 * it has no idempotency keys, and a resent POST can duplicate a contact or re-queue a bulk job.
 */
export const RETRY_DEFAULTS: Required<RetryOptions> = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  // `429 throttled` clears within the second: a run never fails for it unless the caller sets a cap.
  maxThrottledWaitMs: Number.POSITIVE_INFINITY,
  throttleDelayMs: 1_000,
};

/** What one attempt produced. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; errorKey?: string | undefined }
  /** The connection failed; `sent` is false only when it failed before the request could leave (connect phase). */
  | { kind: 'network'; sent: boolean }
  | { kind: 'timeout' };

export interface RetryState {
  method: HttpMethod;
  /** Retries already made after network errors, timeouts and 5xx. */
  retries: number;
  /** Whether the token was already refreshed for this request. */
  refreshed: boolean;
  /** Time already spent waiting after `429 throttled`. */
  throttledWaitedMs: number;
}

export type FailureReason =
  /** Raise the HTTP answer as its typed error. */
  'http' | 'quota' | 'throttled-too-long' | 'reconnect' | 'outcome-unknown' | 'network';

export type RetryDecision =
  | { action: 'done' }
  | { action: 'retry' }
  | { action: 'wait-throttled' }
  | { action: 'refresh-token' }
  | { action: 'fail'; reason: FailureReason };

/** Methods the API treats as idempotent: sending them twice has the effect of sending them once. */
export function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

export function shouldRetry(
  outcome: AttemptOutcome,
  state: RetryState,
  options: Required<RetryOptions> = RETRY_DEFAULTS,
): RetryDecision {
  const retriesLeft = state.retries < options.maxRetries;
  if (outcome.kind === 'network' && !outcome.sent) {
    // Nothing reached the API, so even a POST can go again.
    return retriesLeft ? { action: 'retry' } : { action: 'fail', reason: 'network' };
  }
  if (outcome.kind === 'network' || outcome.kind === 'timeout') {
    if (!isIdempotent(state.method)) return { action: 'fail', reason: 'outcome-unknown' };
    return retriesLeft ? { action: 'retry' } : { action: 'fail', reason: 'network' };
  }
  const { status } = outcome;
  if (status < 400) return { action: 'done' };
  if (status === 401) return state.refreshed ? { action: 'fail', reason: 'reconnect' } : { action: 'refresh-token' };
  if (status === 429) {
    if (outcome.errorKey === 'quota_exceeded') return { action: 'fail', reason: 'quota' };
    // A named cap (test sends: 50 a day) does not clear by waiting.
    if (outcome.errorKey !== undefined && outcome.errorKey !== 'throttled') return { action: 'fail', reason: 'http' };
    // `throttled`, or a 429 whose body we do not know: the API refused it, so waiting is always safe.
    return state.throttledWaitedMs < options.maxThrottledWaitMs
      ? { action: 'wait-throttled' }
      : { action: 'fail', reason: 'throttled-too-long' };
  }
  if (status >= 500 && isIdempotent(state.method) && retriesLeft) return { action: 'retry' };
  return { action: 'fail', reason: 'http' };
}

/**
 * Capped exponential backoff with full jitter: a uniform draw in [0, min(max, base * 2^attempt)).
 * `attempt` counts from 0 (the first retry). Full jitter spreads callers that failed together.
 */
export function backoffDelay(
  attempt: number,
  options: Pick<Required<RetryOptions>, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * The wait after the `waits`-th `429 throttled` (from 0): at least `throttleDelayMs` (the one-second
 * window has to move on), plus a jittered share that grows when the throttling persists.
 */
export function throttleDelay(
  waits: number,
  options: Pick<Required<RetryOptions>, 'throttleDelayMs'>,
  random: () => number = Math.random,
): number {
  const base = options.throttleDelayMs;
  return base + backoffDelay(waits, { baseDelayMs: base / 2, maxDelayMs: base * 4 }, random);
}

/** Error codes of connections that failed before the request was written: nothing reached the API. */
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The low-level code of a fetch failure (`fetch failed` wraps it in `cause`), if any. */
export function networkErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const c = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length > 0) {
      const first = c.errors[0] as { code?: unknown };
      if (typeof first?.code === 'string') return first.code;
    }
    current = c.cause;
  }
  return undefined;
}

/** Whether a failed fetch may have delivered the request (anything but a connect-phase failure). */
export function mayHaveBeenSent(err: unknown): boolean {
  const code = networkErrorCode(err);
  return code === undefined || !CONNECT_PHASE_CODES.has(code);
}
