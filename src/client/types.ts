/**
 * The client core's public shapes. Modules and the runtime depend only on these; the implementation
 * (throttling, retries, pagination, errors) lives beside them, one concern per file.
 */
import type { HeaderInput } from './guard.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
export type Query = Record<string, QueryValue>;

/** Supplies access tokens; the connection store implements it, `CTCT_ACCESS_TOKEN` is the simplest one. */
export interface TokenProvider {
  /** A token believed valid now (a provider may refresh proactively before answering). */
  getToken(): Promise<string>;
  /**
   * Called once when the API answered 401 to `rejected`: return a fresh token, or throw when the
   * connection cannot be renewed. An error that says what to do (a `ReconnectRequiredError`, or any
   * error with a `hint`) is raised as it is; any other becomes the client's "reconnect" error.
   */
  refresh?(rejected: string): Promise<string>;
}

/**
 * The request budget: at most 4 requests in any one-second window and 10,000 per UTC day per
 * application. The in-process budget implements it; a cross-process one can replace it.
 */
export interface RequestBudget {
  /**
   * Resolves when one more request may be sent now, and counts it. A budget may return a ticket: the
   * client settles it when the exchange is over (the answer read, or the attempt failed), so the budget
   * knows the latest moment the API can have received the request, and which connections are free.
   */
  acquire(signal?: AbortSignal): Promise<BudgetTicket | void>;
  /** Requests counted today (UTC) and when the daily counter resets. */
  usage(): { today: number; dailyLimit: number; resetsAt: Date };
}

/** One granted send; `done()` is idempotent. */
export interface BudgetTicket {
  /** The exchange is over; `answer` is given when the API answered (a 429 says the window was crowded). */
  done(answer?: { status: number }): void;
}

export interface RetryOptions {
  /** Attempts after the first for network errors and 5xx on GET/PUT/DELETE (default 4). */
  maxRetries?: number;
  /** First backoff in ms (default 500); doubles each attempt with full jitter. */
  baseDelayMs?: number;
  /** Cap of one backoff in ms (default 20,000). */
  maxDelayMs?: number;
  /** Waits after `429 throttled` are not capped by attempts; only by this total when set (default: no cap, a run never fails for it). */
  maxThrottledWaitMs?: number;
  /** The least wait after `429 throttled` in ms (default 1,000: the per-second window clears within a second). */
  throttleDelayMs?: number;
}

/** One wait after `429 throttled`, as `ClientOptions.onThrottled` hears of it (before the wait). */
export interface ThrottledWait {
  method: HttpMethod;
  /** The URL path (`/v3/contacts`), no query. */
  path: string;
  /** How long this wait lasts. */
  waitMs: number;
  /** How long this request has already waited for the throttle. */
  waitedMs: number;
  /** The most this request may wait in total (`retry.maxThrottledWaitMs`; Infinity when unbounded). */
  limitMs: number;
}

export interface ClientOptions {
  /** API base ending in `/v3` (default `CTCT_API_BASE`, then `https://api.cc.email/v3`). */
  baseUrl?: string;
  /** Accept a plain-http base on another host than this machine (default: CTCT_ALLOW_INSECURE_HTTP=1). */
  allowInsecureHttp?: boolean;
  /** A token provider or a fixed token (default `CTCT_ACCESS_TOKEN`). */
  token?: TokenProvider | string;
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
  /** The request budget; `false` disables client-side throttling (benchmarks, the sandbox without limits). */
  budget?: RequestBudget | false;
  retry?: RetryOptions;
  /** Per-request timeout in ms (default 60,000). */
  timeoutMs?: number;
  /** Told of every wait after `429 throttled`, so a face can say the API is throttling (the CLI does, on stderr). */
  onThrottled?: (wait: ThrottledWait) => void;
}

export interface RequestOptions {
  query?: Query;
  /** A JSON body (sent with `Content-Type: application/json`). */
  body?: unknown;
  /** A multipart body; the boundary header is left to fetch. */
  form?: FormData;
  /** A body sent exactly as given (`Content-Type: application/json` unless a header says otherwise). */
  rawBody?: string;
  /** Extra headers, checked before anything is sent (guard.ts); they cannot replace Authorization. */
  headers?: HeaderInput;
  signal?: AbortSignal;
  /** Query names sent as repeated parameters (`a=1&a=2`) instead of one comma-separated value. */
  repeat?: readonly string[];
  /** false returns non-2xx answers as responses instead of raising them (the raw `ctct call`). Default true. */
  throwHttpErrors?: boolean;
  /** This request's timeout in ms (default: the client's). */
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface PaginateOptions {
  /** The property holding the page's items (`contacts`, `lists`, `tracking_activities`...). */
  itemsKey: string;
  query?: Query;
  /** The endpoint's maximum page size, sent as `limit` on the first request (omit for endpoints without one). */
  pageSize?: number;
  /** Stop after this many items in total; no request is made once it is reached. */
  limit?: number;
  signal?: AbortSignal;
  /** Query names sent as repeated parameters (see RequestOptions.repeat). */
  repeat?: readonly string[];
}

/** One page as `pages()` yields it: the items plus the whole body (counts, `_links`). */
export interface Page<T> {
  items: T[];
  body: Record<string, unknown>;
  /** The next page's href as the API gave it, or undefined on the last page. */
  next: string | undefined;
}

/** What a client has done so far (`client.stats()`). */
export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests sent again after a network error, a timeout or a 5xx. */
  retries: number;
  /** Waits after `429 throttled` answers. */
  throttledWaits: number;
  /** Token refreshes after a 401. */
  refreshes: number;
  /** The request budget's usage, or null when the budget is off. */
  budget: ReturnType<RequestBudget['usage']> | null;
}

/** The generic half of the client: any v3 call, pagination and statistics. */
export interface ApiCore {
  readonly baseUrl: string;
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  /** Every item of a paginated collection, following `_links.next.href` verbatim. */
  paginate<T = unknown>(path: string, options: PaginateOptions): AsyncIterableIterator<T>;
  /** The same walk, one page at a time. */
  pages<T = unknown>(path: string, options: PaginateOptions): AsyncIterableIterator<Page<T>>;
  stats(): ClientStats;
}
