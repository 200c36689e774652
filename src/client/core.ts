import { errorFromResponse, redact } from './error-factory.js';
import {
  NetworkError,
  OutcomeUnknownError,
  QuotaExceededError,
  ReconnectRequiredError,
  RedirectError,
  TimeoutError,
  quotaExceeded,
  type CtctApiError,
} from './errors.js';
import { paginate, pages } from './paginate.js';
import {
  RETRY_DEFAULTS,
  backoffDelay,
  mayHaveBeenSent,
  networkErrorCode,
  shouldRetry,
  throttleDelay,
  type AttemptOutcome,
  type FailureReason,
  type RetryState,
} from './retry.js';
import type {
  ApiCore,
  ApiResponse,
  BudgetTicket,
  ClientStats,
  HttpMethod,
  Page,
  PaginateOptions,
  RequestBudget,
  RequestOptions,
  RetryOptions,
  ThrottledWait,
  TokenProvider,
} from './types.js';
import { checkHeaders, checkToken } from './guard.js';
import { Deadline } from './deadline.js';
import { TRANSPORT_TIMEOUT_CODES, dispatcherFor, transportReady } from './transport.js';
import { buildUrl } from './url.js';

export interface CoreConfig {
  baseUrl: string;
  tokens: TokenProvider;
  fetch: typeof globalThis.fetch;
  userAgent: string;
  budget: RequestBudget | undefined;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  random?: () => number;
  onThrottled?: ((wait: ThrottledWait) => void) | undefined;
}

type Attempt = { ok: true; response: Response; text: string } | { ok: false; outcome: AttemptOutcome; error: unknown };

/**
 * The request loop: budget -> send -> decide (retry.ts) -> wait or refresh -> send again, or finish.
 * Kept lean: one URL build, one header object and one deadline per attempt (all sharing one timer),
 * and no AbortSignal of its own (transport.ts says why).
 */
export class ClientCore implements ApiCore {
  readonly baseUrl: string;
  private readonly config: CoreConfig;
  private readonly random: () => number;
  private readonly counters = { requests: 0, retries: 0, throttledWaits: 0, refreshes: 0 };
  /** Refreshes in flight, by rejected token: concurrent 401s share one refresh (rotating refresh tokens race). */
  private readonly refreshing = new Map<string, Promise<string>>();
  /** The last completed refresh: a late 401 for the same old token reuses its answer. */
  private lastRefresh: { from: string; to: string } | undefined;

  constructor(config: CoreConfig) {
    this.config = config;
    this.baseUrl = config.baseUrl;
    this.random = config.random ?? Math.random;
  }

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = buildUrl(this.baseUrl, path, options.query, options.repeat);
    const retry = this.config.retry;
    const state: RetryState = { method, retries: 0, refreshed: false, throttledWaitedMs: 0 };
    let throttleWaits = 0;
    // Checked and encoded once, before any budget is spent: a bad header or body fails here, holding no slot.
    const headers = checkHeaders(options.headers);
    const payload = encodeBody(options);
    let token = await this.config.tokens.getToken();
    checkToken(token);
    const loading = transportReady();
    if (loading) await loading;
    for (;;) {
      const ticket = this.config.budget ? await this.acquire(method, url, options.signal) : undefined;
      this.counters.requests++;
      const attempt = await this.send(method, url, token, headers, options, payload, ticket);
      // Never followed (redirect: 'manual'), never a success: the v3 API does not redirect.
      if (attempt.ok && attempt.response.status >= 300 && attempt.response.status < 400)
        throw redirectError(method, url, attempt.response);
      const outcome: AttemptOutcome = attempt.ok
        ? {
            kind: 'response',
            status: attempt.response.status,
            errorKey: attempt.response.status === 429 ? errorKeyOf(attempt.text) : undefined,
          }
        : attempt.outcome;
      const decision = shouldRetry(outcome, state, retry);
      if (decision.action === 'done' && attempt.ok)
        return {
          status: attempt.response.status,
          headers: attempt.response.headers,
          data: parseBody(attempt.response, attempt.text) as T,
        };
      if (decision.action === 'retry') {
        await sleep(backoffDelay(state.retries, retry, this.random), options.signal);
        state.retries++;
        this.counters.retries++;
        continue;
      }
      if (decision.action === 'wait-throttled') {
        const wait = Math.min(
          throttleDelay(throttleWaits++, retry, this.random),
          retry.maxThrottledWaitMs - state.throttledWaitedMs,
        );
        this.counters.throttledWaits++;
        this.config.onThrottled?.({
          method,
          path: pathOf(url),
          waitMs: wait,
          waitedMs: state.throttledWaitedMs,
          limitMs: retry.maxThrottledWaitMs,
        });
        await sleep(wait, options.signal);
        state.throttledWaitedMs += Math.max(wait, 1);
        continue;
      }
      if (decision.action === 'refresh-token') {
        state.refreshed = true;
        const fresh = this.config.tokens.refresh
          ? await this.refresh(token).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
          : undefined;
        if (typeof fresh === 'string') {
          checkToken(fresh);
          token = fresh;
          continue;
        }
        // The provider's own error when it says what to do (a dead grant names the exact reconnect
        // command; an unreachable token endpoint is not a reason to reconnect); a raw call gets it too,
        // since it is about the connection, not an answer of the API.
        if (fresh && saysWhatToDo(fresh)) throw fresh;
        if (attempt.ok && options.throwHttpErrors === false && !fresh) return this.asResponse<T>(attempt);
        throw this.reconnectError(method, url, fresh);
      }
      // done-without-response cannot happen; everything else is a failure.
      const reason: FailureReason = decision.action === 'fail' ? decision.reason : 'http';
      if (attempt.ok) {
        if (options.throwHttpErrors === false) return this.asResponse<T>(attempt);
        if (reason === 'reconnect') throw this.reconnectError(method, url, undefined);
        const note =
          state.retries > 0
            ? `(${state.retries} retr${state.retries === 1 ? 'y' : 'ies'} made.)`
            : state.throttledWaitedMs > 0
              ? `(waited ${Math.round(state.throttledWaitedMs / 1000)} s for the throttle.)`
              : undefined;
        throw errorFromResponse({
          status: attempt.response.status,
          method,
          path: pathOf(url),
          text: attempt.text,
          secrets: [token],
          ...(note ? { note } : {}),
        });
      }
      throw this.transportError(
        reason,
        method,
        url,
        attempt,
        state.retries,
        options.timeoutMs ?? this.config.timeoutMs,
      );
    }
  }

  async get<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('GET', path, options)).data;
  }

  async post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('POST', path, withBody(options, body))).data;
  }

  async put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('PUT', path, withBody(options, body))).data;
  }

  async patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('PATCH', path, withBody(options, body))).data;
  }

  async delete<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('DELETE', path, options)).data;
  }

  paginate<T = unknown>(path: string, options: PaginateOptions): AsyncIterableIterator<T> {
    return paginate<T>(this, path, options);
  }

  pages<T = unknown>(path: string, options: PaginateOptions): AsyncIterableIterator<Page<T>> {
    return pages<T>(this, path, options);
  }

  stats(): ClientStats {
    return { ...this.counters, budget: this.config.budget ? this.config.budget.usage() : null };
  }

  private async acquire(
    method: HttpMethod,
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<BudgetTicket | void> {
    try {
      return await (this.config.budget as RequestBudget).acquire(signal);
    } catch (err) {
      // The budget does not know the request; name it in the error.
      if (err instanceof QuotaExceededError) throw quotaExceeded(err.resetsAt, { method, path: pathOf(url) });
      throw err;
    }
  }

  /**
   * One HTTP exchange, body included, under the timeout. The caller's signal goes to fetch and also
   * ends the wait; its abort propagates as it is. The budget's ticket is settled once the body is read
   * (its connection is free again) or the attempt failed.
   */
  private async send(
    method: HttpMethod,
    url: string,
    token: string,
    extra: readonly [string, string][],
    options: RequestOptions,
    payload: Payload,
    ticket: BudgetTicket | void,
  ): Promise<Attempt> {
    // A Map, not an object: a caller's `__proto__` header is a header, not a prototype.
    const headers = new Map<string, string>([
      ['accept', 'application/json'],
      ['user-agent', this.config.userAgent],
    ]);
    const body = payload.body;
    if (payload.json) headers.set('content-type', 'application/json');
    for (const [name, value] of extra) headers.set(name, value);
    headers.set('authorization', `Bearer ${token}`);

    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;
    const callerSignal = options.signal;
    const init: RequestInit = { method, headers: [...headers], redirect: 'manual' };
    if (body !== undefined) init.body = body;
    if (callerSignal) init.signal = callerSignal;
    const dispatcher = dispatcherFor(timeoutMs);
    // undici's Dispatcher type and the one Node's fetch types declare differ only in their FormData types.
    if (dispatcher) (init as { dispatcher?: unknown }).dispatcher = dispatcher;
    const deadline = new Deadline(timeoutMs, callerSignal);
    try {
      const response = await deadline.race(this.config.fetch(url, init));
      const text = await deadline.race(response.text());
      if (ticket) ticket.done({ status: response.status });
      return { ok: true, response, text };
    } catch (error) {
      if (ticket) ticket.done();
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (deadline.expired || isTransportTimeout(error)) return { ok: false, outcome: { kind: 'timeout' }, error };
      return { ok: false, outcome: { kind: 'network', sent: mayHaveBeenSent(error) }, error };
    } finally {
      deadline.clear();
    }
  }

  private refresh(rejected: string): Promise<string> {
    const provider = this.config.tokens as Required<TokenProvider>;
    if (this.lastRefresh?.from === rejected) return Promise.resolve(this.lastRefresh.to);
    let pending = this.refreshing.get(rejected);
    if (!pending) {
      this.counters.refreshes++;
      pending = provider
        .refresh(rejected)
        .then((fresh) => {
          this.lastRefresh = { from: rejected, to: fresh };
          return fresh;
        })
        .finally(() => this.refreshing.delete(rejected));
      this.refreshing.set(rejected, pending);
    }
    return pending;
  }

  private asResponse<T>(attempt: { response: Response; text: string }): ApiResponse<T> {
    return {
      status: attempt.response.status,
      headers: attempt.response.headers,
      data: parseBody(attempt.response, attempt.text) as T,
    };
  }

  private reconnectError(method: HttpMethod, url: string, cause: Error | undefined): ReconnectRequiredError {
    if (!cause && !this.config.tokens.refresh) {
      // A fixed token (CTCT_ACCESS_TOKEN, or a token given to createClient) has nothing to renew it:
      // `ctct connect` alone would not help while that token still takes precedence.
      return new ReconnectRequiredError(
        `${method} ${pathOf(url)} failed with 401 Unauthorized: the API refused the access token, ` +
          `and a fixed token cannot be renewed. Give a valid token, or connect the account with \`ctct connect\`.`,
        {
          status: 401,
          method,
          path: pathOf(url),
          errorKey: 'unauthorized',
          hint:
            'A fixed token is CTCT_ACCESS_TOKEN or the token given to createClient, ' +
            'and it takes precedence over stored connections: ' +
            'unset it to use one (they renew their tokens themselves).',
        },
      );
    }
    const why = cause
      ? `the token could not be refreshed (${redact(cause.message)})`
      : this.config.tokens.refresh
        ? 'the API refused the refreshed token too'
        : 'the token cannot be refreshed';
    return new ReconnectRequiredError(
      `${method} ${pathOf(url)} failed with 401 Unauthorized and ${why}. Reconnect the account with \`ctct connect\`.`,
      {
        status: 401,
        method,
        path: pathOf(url),
        errorKey: 'unauthorized',
        hint: 'Refresh tokens expire after 180 days unused, and a revoked or rotated-away token cannot be renewed.',
        ...(cause ? { cause } : {}),
      },
    );
  }

  private transportError(
    reason: FailureReason,
    method: HttpMethod,
    url: string,
    attempt: Attempt & { ok: false },
    retries: number,
    timeoutMs: number,
  ): CtctApiError {
    const path = pathOf(url);
    const timedOut = attempt.outcome.kind === 'timeout';
    const what = !timedOut
      ? `the connection failed (${networkErrorCode(attempt.error) ?? describe(attempt.error)})`
      : isTransportTimeout(attempt.error)
        ? `no answer before the connection's own timeout (${networkErrorCode(attempt.error)})`
        : `no answer within ${timeoutMs} ms`;
    const details = { method, path, cause: attempt.error };
    if (reason === 'outcome-unknown') {
      return new OutcomeUnknownError(
        `${method} ${path}: ${what} after the request was sent, so the request may or may not have been applied; ` +
          `the API has no idempotency keys; check before retrying.`,
        {
          ...details,
          hint:
            'Look the resource up first (e.g. GET /contacts?email=...&status=all, ' +
            'or GET /activities) and send it again only if it is missing.',
        },
      );
    }
    const tries = retries > 0 ? ` after ${retries + 1} attempts` : '';
    const text =
      `${method} ${path}: ${what}${tries}. ` +
      `Check the network and the API base (${new URL(this.baseUrl).origin}), then try again.`;
    return timedOut
      ? new TimeoutError(text, {
          ...details,
          hint: 'Raise the timeout (timeoutMs) for slow calls such as large imports.',
        })
      : new NetworkError(text, {
          ...details,
          hint:
            "The API base is the stored connection's (`ctct connections show`), or CTCT_API_BASE (baseUrl) " +
            'with a fixed token; against the sandbox, check that `ctct sandbox` is still running.',
        });
  }
}

interface Payload {
  body: string | FormData | undefined;
  /** Sent with `Content-Type: application/json` (unless the caller's headers say otherwise). */
  json: boolean;
}

/** The request body as sent: a form as it is (fetch sets the boundary), raw text verbatim, else JSON. */
function encodeBody(options: RequestOptions): Payload {
  if (options.form !== undefined) return { body: options.form, json: false };
  if (options.rawBody !== undefined) return { body: options.rawBody, json: true };
  if (options.body !== undefined) return { body: JSON.stringify(options.body), json: true };
  return { body: undefined, json: false };
}

function withBody(options: RequestOptions | undefined, body: unknown): RequestOptions {
  if (body === undefined) return options ?? {};
  if (typeof FormData !== 'undefined' && body instanceof FormData) return { ...options, form: body };
  return { ...options, body };
}

/** The URL's path without host or query: what error messages quote (queries may hold addresses). */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

/** A typed reconnect error, or any error carrying a hint (the connection store's errors do). */
function saysWhatToDo(err: Error): boolean {
  if (err instanceof ReconnectRequiredError) return true;
  const hint = (err as { hint?: unknown }).hint;
  return typeof hint === 'string' && hint !== '';
}

function isTransportTimeout(err: unknown): boolean {
  const code = networkErrorCode(err);
  return code !== undefined && TRANSPORT_TIMEOUT_CODES.has(code);
}

function describe(err: unknown): string {
  return err instanceof Error ? redact(err.message) : 'unknown error';
}

/** Reason phrases of the 3xx statuses, for the message. */
const REDIRECTS: Record<number, string> = {
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

/** A 3xx answer as an error naming where it pointed (query and fragment left out: they may hold data). */
function redirectError(method: HttpMethod, url: string, response: Response): RedirectError {
  const raw = response.headers.get('location');
  let location: string | undefined;
  if (raw !== null && raw !== '') {
    try {
      const target = new URL(raw, url);
      location = `${target.origin}${target.pathname}`;
    } catch {
      location = raw.slice(0, 200);
    }
  }
  const status = response.status;
  const where = location ? `pointing to ${location}` : 'without saying where (no Location header)';
  return new RedirectError(
    `${method} ${pathOf(url)} was answered ${status} ${REDIRECTS[status] ?? 'Redirect'} ${where}. ` +
      `The client never follows redirects (the v3 API does not send them), so nothing was sent there.`,
    location,
    {
      status,
      method,
      path: pathOf(url),
      hint:
        `Check the API base (${new URL(url).origin}): a redirect comes from a proxy, ` +
        `a load balancer or a base URL that is not the API's (https://api.cc.email/v3).`,
    },
  );
}

/** JSON when it is JSON, the text otherwise, undefined when empty (204). */
function parseBody(response: Response, text: string): unknown {
  if (text === '') return undefined;
  // A body opening like JSON is tried as JSON before the content type is looked up (the common case).
  const first = text.charCodeAt(0);
  if (first === 123 /* { */ || first === 91 /* [ */ || (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The `error_key` of a 429 body (object or array), to tell throttling from the daily quota. */
function errorKeyOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as unknown;
    const first = (Array.isArray(json) ? json[0] : json) as { error_key?: unknown } | undefined;
    return typeof first?.error_key === 'string' ? first.error_key : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export { RETRY_DEFAULTS };
