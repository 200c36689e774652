import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RETRY_DEFAULTS,
  backoffDelay,
  mayHaveBeenSent,
  shouldRetry,
  throttleDelay,
  type AttemptOutcome,
  type RetryDecision,
} from '../../src/client/retry.js';
import type { HttpMethod } from '../../src/client/types.js';

const fresh = { retries: 0, refreshed: false, throttledWaitedMs: 0 };
const response = (status: number, errorKey?: string): AttemptOutcome => ({ kind: 'response', status, errorKey });

describe('shouldRetry', () => {
  const cases: [string, AttemptOutcome, HttpMethod, Partial<typeof fresh>, RetryDecision][] = [
    ['2xx is done', response(200), 'GET', {}, { action: 'done' }],
    ['204 is done', response(204), 'DELETE', {}, { action: 'done' }],
    ['400 fails at once', response(400), 'GET', {}, { action: 'fail', reason: 'http' }],
    ['404 fails at once', response(404), 'PUT', {}, { action: 'fail', reason: 'http' }],
    ['409 fails at once', response(409), 'POST', {}, { action: 'fail', reason: 'http' }],
    ['401 refreshes first', response(401), 'POST', {}, { action: 'refresh-token' }],
    [
      '401 after a refresh needs a reconnect',
      response(401),
      'GET',
      { refreshed: true },
      { action: 'fail', reason: 'reconnect' },
    ],
    ['429 throttled waits', response(429, 'throttled'), 'GET', {}, { action: 'wait-throttled' }],
    [
      '429 throttled waits for a POST too (it was refused)',
      response(429, 'throttled'),
      'POST',
      {},
      { action: 'wait-throttled' },
    ],
    ['429 of unknown body waits', response(429), 'PATCH', {}, { action: 'wait-throttled' }],
    [
      '429 with another named key (a daily cap) fails at once',
      response(429, 'emails.api.test_send.limit'),
      'POST',
      {},
      { action: 'fail', reason: 'http' },
    ],
    [
      '429 throttled past the wait budget fails',
      response(429, 'throttled'),
      'GET',
      { throttledWaitedMs: RETRY_DEFAULTS.maxThrottledWaitMs },
      { action: 'fail', reason: 'throttled-too-long' },
    ],
    [
      '429 throttled waits are not capped by attempts',
      response(429, 'throttled'),
      'GET',
      { retries: 99 },
      { action: 'wait-throttled' },
    ],
    [
      '429 quota_exceeded never retries',
      response(429, 'quota_exceeded'),
      'GET',
      {},
      { action: 'fail', reason: 'quota' },
    ],
    ['5xx GET retries', response(503), 'GET', {}, { action: 'retry' }],
    ['5xx PUT retries', response(500), 'PUT', {}, { action: 'retry' }],
    ['5xx DELETE retries', response(502), 'DELETE', {}, { action: 'retry' }],
    [
      '5xx GET out of retries fails',
      response(500),
      'GET',
      { retries: RETRY_DEFAULTS.maxRetries },
      { action: 'fail', reason: 'http' },
    ],
    ['5xx POST is never resent', response(500), 'POST', {}, { action: 'fail', reason: 'http' }],
    ['5xx PATCH is never resent', response(503), 'PATCH', {}, { action: 'fail', reason: 'http' }],
    ['network error on GET retries', { kind: 'network', sent: true }, 'GET', {}, { action: 'retry' }],
    [
      'network error on GET out of retries fails',
      { kind: 'network', sent: true },
      'GET',
      { retries: 4 },
      { action: 'fail', reason: 'network' },
    ],
    ['timeout on DELETE retries', { kind: 'timeout' }, 'DELETE', {}, { action: 'retry' }],
    [
      'network error after sending a POST: outcome unknown',
      { kind: 'network', sent: true },
      'POST',
      {},
      { action: 'fail', reason: 'outcome-unknown' },
    ],
    [
      'timeout of a PATCH: outcome unknown',
      { kind: 'timeout' },
      'PATCH',
      {},
      { action: 'fail', reason: 'outcome-unknown' },
    ],
    [
      'connect failure of a POST (nothing sent) retries',
      { kind: 'network', sent: false },
      'POST',
      {},
      { action: 'retry' },
    ],
  ];
  it.each(cases)('%s', (_name, outcome, method, state, expected) => {
    expect(shouldRetry(outcome, { method, ...fresh, ...state })).toEqual(expected);
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(max, base * 2^attempt)) for any draw (full jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (attempt, base, max, draw) => {
          const delay = backoffDelay(attempt, { baseDelayMs: base, maxDelayMs: max }, () => draw);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(1, Math.min(max, base * 2 ** attempt)));
        },
      ),
    );
  });

  it('doubles its ceiling per attempt up to the cap', () => {
    const top = () => 0.999999;
    const opts = { baseDelayMs: 500, maxDelayMs: 20_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, opts, top))).toEqual([
      499, 999, 1999, 3999, 7999, 15999, 19999, 19999,
    ]);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
  });

  it('throttle waits last at least throttleDelayMs and grow when throttling persists', () => {
    expect(throttleDelay(0, { throttleDelayMs: 1000 }, () => 0)).toBe(1000);
    expect(throttleDelay(0, { throttleDelayMs: 1000 }, () => 0.999)).toBeLessThan(1500);
    expect(throttleDelay(5, { throttleDelayMs: 1000 }, () => 0.999)).toBeGreaterThan(3900);
  });
});

describe('mayHaveBeenSent', () => {
  const failure = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
  it.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['UND_ERR_CONNECT_TIMEOUT', false],
    ['ECONNRESET', true],
    ['UND_ERR_SOCKET', true],
    ['EPIPE', true],
  ])('%s -> %s', (code, sent) => {
    expect(mayHaveBeenSent(failure(code))).toBe(sent);
  });
  it('treats an unknown failure as possibly sent', () => {
    expect(mayHaveBeenSent(new Error('something odd'))).toBe(true);
  });
});
