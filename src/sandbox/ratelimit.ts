import { performance } from 'node:perf_hooks';
import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv, SandboxSettings } from './context.js';
import type { SandboxClock } from './clock.js';
import { quotaExceeded, throttled } from './errors.js';

/**
 * The API's rate limits per application (client_id), facts §8.1:
 *  - 10,000 requests per day, counted against the SANDBOX clock and reset at 00:00 UTC of it
 *    (`429 quota_exceeded`), so a test can jump to the next day instead of waiting;
 *  - 4 requests per second in a sliding one-second window of REAL time (`429 throttled`), because a
 *    burst is a real-time property of the caller, whatever the sandbox clock says.
 * Both bodies are single objects without Retry-After. Only authenticated `/v3` requests count (a 401
 * is answered before the limiter runs), and a refused request counts against neither limit. When the
 * day's quota is spent, `quota_exceeded` wins over `throttled`.
 *
 * The token endpoint has its own limit (facts §7.2, "1 request/second"): a bucket of
 * TOKEN_BURST credits per client that refills at one credit per real second. A client that paces
 * itself at one request per second never sees a 429, and a serialized burst of up to TOKEN_BURST
 * back-to-back requests (say, refreshing a few connections one after another at start-up) passes too.
 */
export const PER_SECOND_LIMIT = 4;
export const DAILY_LIMIT = 10_000;
export const TOKEN_BURST = 5;
const WINDOW_MS = 1000;

export interface RateLimiter {
  /** Live switch (same as `ctx.settings.rateLimits`). */
  enabled: boolean;
  middleware(): MiddlewareHandler<SandboxEnv>;
  /** Spends one token-endpoint credit of `clientId`; false when none is left (answer 429). */
  allowTokenRequest(clientId: string): boolean;
  /** Requests counted today (sandbox UTC day) for an application (default: the sandbox CLI client). */
  dailyCount(clientId?: string): number;
  /** Sets today's count, e.g. to 9,999 to test the quota without 10,000 requests. */
  setDailyCount(count: number, clientId?: string): void;
  /** Forgets every counter and window. */
  reset(): void;
}

export interface RateLimiterOptions {
  /** Application whose counters `dailyCount()`/`setDailyCount()` read without a client_id. */
  defaultClientId: string;
  /** Real-time source in ms for the per-second window and the token bucket (tests may replace it). */
  realNow?: () => number;
}

interface DailyCounter {
  day: string;
  count: number;
}

export function createRateLimiter(
  settings: SandboxSettings,
  clock: SandboxClock,
  options: RateLimiterOptions,
): RateLimiter {
  const realNow = options.realNow ?? (() => performance.now());
  const daily = new Map<string, DailyCounter>();
  const windows = new Map<string, number[]>();
  const buckets = new Map<string, { credits: number; at: number }>();
  const today = (): string => new Date(clock.nowMs()).toISOString().slice(0, 10);

  const counter = (clientId: string): DailyCounter => {
    const day = today();
    let entry = daily.get(clientId);
    if (!entry || entry.day !== day) {
      entry = { day, count: 0 };
      daily.set(clientId, entry);
    }
    return entry;
  };

  /** Admits one API request or throws the 429 that refuses it. */
  const admit = (clientId: string): void => {
    const day = counter(clientId);
    if (day.count >= DAILY_LIMIT) throw quotaExceeded();
    const now = realNow();
    const recent = (windows.get(clientId) ?? []).filter((t) => t > now - WINDOW_MS);
    windows.set(clientId, recent);
    if (recent.length >= PER_SECOND_LIMIT) throw throttled();
    recent.push(now);
    day.count++;
  };

  return {
    get enabled() {
      return settings.rateLimits;
    },
    set enabled(on: boolean) {
      settings.rateLimits = on;
    },
    middleware: () => async (c, next) => {
      if (settings.rateLimits) admit(c.get('auth').clientId);
      await next();
    },
    allowTokenRequest(clientId) {
      if (!settings.rateLimits) return true;
      const now = realNow();
      const bucket = buckets.get(clientId) ?? { credits: TOKEN_BURST, at: now };
      bucket.credits = Math.min(TOKEN_BURST, bucket.credits + (now - bucket.at) / 1000);
      bucket.at = now;
      buckets.set(clientId, bucket);
      if (bucket.credits < 1) return false;
      bucket.credits -= 1;
      return true;
    },
    dailyCount: (clientId = options.defaultClientId) => counter(clientId).count,
    setDailyCount(count, clientId = options.defaultClientId) {
      if (!Number.isInteger(count) || count < 0)
        throw new Error(`setDailyCount needs a non-negative integer, got ${count}`);
      counter(clientId).count = count;
    },
    reset() {
      daily.clear();
      windows.clear();
      buckets.clear();
    },
  };
}
