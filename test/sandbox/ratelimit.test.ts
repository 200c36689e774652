import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { createClock } from '../../src/sandbox/clock.js';
import { ApiProblem } from '../../src/sandbox/errors.js';
import { createRateLimiter, TOKEN_BURST } from '../../src/sandbox/ratelimit.js';
import type { SandboxEnv } from '../../src/sandbox/context.js';
import { SANDBOX_CLIENT_ID } from '../../src/sandbox/index.js';

const THROTTLED = { error_key: 'throttled', error_message: 'Too Many Requests' };
const QUOTA = { error_key: 'quota_exceeded', error_message: 'Limit Exceeded' };

/** The limiter alone behind a stand-in for bearer auth, with real time under the test's control. */
function limiterHarness() {
  let realMs = 0;
  const settings = { seed: 's', rateLimits: true };
  const clock = createClock({ mode: 'manual', start: '2026-03-02T12:00:00.000Z' });
  const limiter = createRateLimiter(settings, clock, { defaultClientId: 'app-a', realNow: () => realMs });
  const app = new Hono<SandboxEnv>();
  app.onError((err) => (err instanceof ApiProblem ? err.toResponse() : new Response('boom', { status: 500 })));
  app.use('*', async (c, next) => {
    c.set('auth', { clientId: c.req.header('x-client') ?? 'app-a', grantId: 'g', scopes: new Set() });
    await next();
  });
  app.use('*', limiter.middleware());
  app.get('/ping', (c) => c.json({ ok: true }));
  const hit = async (client = 'app-a') => {
    const res = await app.fetch(new Request('http://x/ping', { headers: { 'x-client': client } }));
    return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get('retry-after') };
  };
  return { limiter, clock, settings, hit, at: (ms: number) => (realMs = ms) };
}

describe('rate limiter (real time under test control)', () => {
  it('admits 4 requests per second per application and answers the 5th 429 throttled, without Retry-After', async () => {
    const h = limiterHarness();
    for (let i = 0; i < 4; i++) expect((await h.hit()).status).toBe(200);
    const fifth = await h.hit();
    expect(fifth).toEqual({ status: 429, body: THROTTLED, retryAfter: null });
  });

  it('slides the one-second window instead of resetting it on whole seconds', async () => {
    const h = limiterHarness();
    for (const t of [0, 300, 600, 900]) {
      h.at(t);
      expect((await h.hit()).status).toBe(200);
    }
    h.at(999);
    expect((await h.hit()).status).toBe(429);
    h.at(1000); // the request at t=0 has left the window
    expect((await h.hit()).status).toBe(200);
    expect((await h.hit()).status).toBe(429); // 300, 600, 900, 1000 are inside
    h.at(1300);
    expect((await h.hit()).status).toBe(200);
  });

  it('does not count refused requests, so a client retrying fast is not starved', async () => {
    const h = limiterHarness();
    for (let i = 0; i < 4; i++) await h.hit();
    h.at(500);
    for (let i = 0; i < 10; i++) expect((await h.hit()).status).toBe(429);
    h.at(1000);
    expect((await h.hit()).status).toBe(200);
    expect(h.limiter.dailyCount()).toBe(5);
  });

  it('keeps separate budgets per application', async () => {
    const h = limiterHarness();
    for (let i = 0; i < 4; i++) await h.hit('app-a');
    expect((await h.hit('app-a')).status).toBe(429);
    expect((await h.hit('app-b')).status).toBe(200);
    expect(h.limiter.dailyCount('app-b')).toBe(1);
  });

  it('answers quota_exceeded (not throttled) when the day is spent, until 00:00 UTC of the sandbox clock', async () => {
    const h = limiterHarness();
    h.limiter.setDailyCount(9_999);
    expect((await h.hit()).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await h.hit()).body).toEqual(QUOTA);
    h.clock.set('2026-03-02T23:59:59.999Z');
    h.at(5000);
    expect((await h.hit()).body).toEqual(QUOTA);
    h.clock.advance(1);
    expect((await h.hit()).status).toBe(200);
    expect(h.limiter.dailyCount()).toBe(1);
  });

  it('lets nothing through the token-endpoint bucket beyond the burst, and refills one credit per second', () => {
    const h = limiterHarness();
    for (let i = 0; i < TOKEN_BURST; i++) expect(h.limiter.allowTokenRequest('app-a')).toBe(true);
    expect(h.limiter.allowTokenRequest('app-a')).toBe(false);
    expect(h.limiter.allowTokenRequest('app-b')).toBe(true);
    h.at(999);
    expect(h.limiter.allowTokenRequest('app-a')).toBe(false);
    h.at(1000);
    expect(h.limiter.allowTokenRequest('app-a')).toBe(true);
    expect(h.limiter.allowTokenRequest('app-a')).toBe(false);
  });

  it('never refuses a client that paces itself at one token request per second', () => {
    const h = limiterHarness();
    for (let i = 0; i < 50; i++) {
      h.at(i * 1000);
      expect(h.limiter.allowTokenRequest('app-a')).toBe(true);
    }
  });

  it('admits everything when switched off', async () => {
    const h = limiterHarness();
    h.limiter.enabled = false;
    h.limiter.setDailyCount(10_000);
    for (let i = 0; i < 10; i++) expect((await h.hit()).status).toBe(200);
    expect(h.settings.rateLimits).toBe(false);
    for (let i = 0; i < 10; i++) expect(h.limiter.allowTokenRequest('app-a')).toBe(true);
  });
});

describe('rate limits in a sandbox (on by default)', () => {
  const t = useSandbox({ rateLimits: true });
  beforeEach(() => t.sandbox.rateLimits.reset());
  const ping = () => t.api('POST', '/token_info', { token: t.sandbox.credentials.access_token });

  it('throttles a real burst: of 6 simultaneous requests, 4 pass and 2 get 429 throttled', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, ping));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    const refused = results.filter((r) => r.status === 429);
    expect(refused.map((r) => r.body)).toEqual([THROTTLED, THROTTLED]);
    expect(refused.every((r) => r.headers.get('retry-after') === null)).toBe(true);
    expect(t.sandbox.rateLimits.dailyCount(SANDBOX_CLIENT_ID)).toBe(4);
  });

  it('jumps near the daily quota through the controls and resets at midnight UTC of the sandbox clock', async () => {
    t.sandbox.rateLimits.setDailyCount(9_999);
    expect((await ping()).status).toBe(200);
    expect(t.sandbox.rateLimits.dailyCount()).toBe(10_000);
    const refused = await ping();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(QUOTA);
    const now = new Date(t.sandbox.clock.nowMs());
    t.sandbox.clock.set(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    expect((await ping()).status).toBe(200);
    expect(t.sandbox.rateLimits.dailyCount()).toBe(1);
  });

  it('does not count requests refused with 401', async () => {
    for (let i = 0; i < 8; i++)
      expect((await t.api('POST', '/token_info', { token: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect(t.sandbox.rateLimits.dailyCount()).toBe(0);
  });

  it('can be switched off at run time', async () => {
    t.sandbox.rateLimits.enabled = false;
    try {
      const results = await Promise.all(Array.from({ length: 10 }, ping));
      expect(results.every((r) => r.status === 200)).toBe(true);
    } finally {
      t.sandbox.rateLimits.enabled = true;
    }
  });
});

describe('a sandbox created with rateLimits: false', () => {
  const t = useSandbox({ rateLimits: false });
  it('never answers 429', async () => {
    t.sandbox.rateLimits.setDailyCount(10_000);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.api('POST', '/token_info', { token: t.sandbox.credentials.access_token })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
  });
});
