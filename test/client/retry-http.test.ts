import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  NetworkError,
  OutcomeUnknownError,
  QuotaExceededError,
  RateLimitedError,
  ReconnectRequiredError,
  ServerError,
  type TokenProvider,
} from '../../src/client/index.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

/** Retries, throttle waits, token refresh and outcome-unknown POSTs over real HTTP. */
let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const fast = { baseDelayMs: 1, maxDelayMs: 2, throttleDelayMs: 5 };
function client(token: string | TokenProvider = 'token-aaaaaaaaaaaa', retry = {}) {
  return createClient({ baseUrl: server.base, token, budget: false, retry: { ...fast, ...retry } });
}
const throttled = { status: 429, body: { error_key: 'throttled', error_message: 'Too Many Requests' } };

describe('transient failures', () => {
  it('retries a GET after a 5xx and succeeds', async () => {
    server.script([
      { status: 503 },
      { status: 500, body: [{ error_key: 'x', error_message: 'boom' }] },
      { body: { ok: 1 } },
    ]);
    const c = client();
    expect(await c.get('/contacts')).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(3);
    expect(c.stats().retries).toBe(2);
  });

  it('gives up on a GET after maxRetries with a ServerError naming the retries', async () => {
    server.script(() => ({
      status: 500,
      body: [{ error_key: 'http.status.internal_server_error', error_message: 'Internal error' }],
    }));
    const err = await client('token-aaaaaaaaaaaa', { maxRetries: 2 })
      .get('/contacts')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as Error).message).toContain('2 retries');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a PUT whose connection dropped', async () => {
    server.script([{ drop: true }, { body: { list_id: 'l1', name: 'n' } }]);
    expect(await client().lists.update('l1', { name: 'n' })).toEqual({ list_id: 'l1', name: 'n' });
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('never resends a POST after a 5xx: the server error is raised, sent once', async () => {
    server.script(() => ({
      status: 500,
      body: [{ error_key: 'http.status.internal_server_error', error_message: 'Internal error' }],
    }));
    const err = await client()
      .contacts.create({ create_source: 'Account', first_name: 'A' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as Error).message).toMatch(/not resent.*may or may not have been applied/);
    expect(server.requests).toHaveLength(1);
  });

  it.each(['POST', 'PATCH'] as const)(
    'raises OutcomeUnknownError when a %s loses its connection after sending, sent once',
    async (method) => {
      server.script(() => ({ drop: true }));
      const err = await client()
        .request(method, '/emails/c1', { body: { name: 'x' } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutcomeUnknownError);
      expect((err as Error).message).toContain(`${method} /v3/emails/c1`);
      expect((err as Error).message).toMatch(
        /may or may not have been applied; the API has no idempotency keys; check before retrying/,
      );
      expect(server.requests).toHaveLength(1);
    },
  );

  it('retries a POST whose connection was refused (nothing was sent), then raises NetworkError', async () => {
    const port = await closedPort();
    const c = createClient({
      baseUrl: `http://127.0.0.1:${port}/v3`,
      token: 'token-aaaaaaaaaaaa',
      budget: false,
      retry: { ...fast, maxRetries: 2 },
    });
    const err = await c.post('/contacts', { first_name: 'A' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(OutcomeUnknownError);
    expect((err as Error).message).toContain('ECONNREFUSED');
    // where the API base comes from: a stored connection ignores CTCT_API_BASE
    expect((err as NetworkError).hint).toMatch(/stored connection.*CTCT_API_BASE.*with a fixed token/);
    expect(c.stats()).toMatchObject({ requests: 3, retries: 2 });
  });
});

describe('429', () => {
  it('waits after throttled answers and succeeds; a run never fails for it', async () => {
    server.script([
      throttled,
      throttled,
      { status: 429, body: 'Too many' },
      { status: 201, body: { contact_id: 'c1' } },
    ]);
    const c = client();
    expect(await c.post('/contacts', { first_name: 'A' })).toEqual({ contact_id: 'c1' });
    expect(server.requests).toHaveLength(4);
    expect(c.stats()).toMatchObject({ throttledWaits: 3, retries: 0 });
  });

  it('raises RateLimitedError once the throttle outlasts maxThrottledWaitMs', async () => {
    server.script(() => throttled);
    const err = await client('token-aaaaaaaaaaaa', { maxThrottledWaitMs: 40 })
      .get('/contacts')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).not.toBeInstanceOf(QuotaExceededError);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it('raises QuotaExceededError with the next 00:00 UTC on quota_exceeded, without retrying', async () => {
    server.script(() => ({ status: 429, body: { error_key: 'quota_exceeded', error_message: 'Limit Exceeded' } }));
    const before = new Date();
    const err = (await client()
      .get('/contacts')
      .catch((e: unknown) => e)) as QuotaExceededError;
    expect(err).toBeInstanceOf(QuotaExceededError);
    const midnight = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), before.getUTCDate() + 1));
    expect(err.resetsAt.toISOString()).toBe(midnight.toISOString());
    expect(err.message).toContain('Limit Exceeded');
    expect(err.toJSON()).toMatchObject({
      name: 'QuotaExceededError',
      status: 429,
      errorKey: 'quota_exceeded',
      resetsAt: midnight.toISOString(),
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('401 and token refresh', () => {
  const unauthorized = { status: 401, body: { error_key: 'unauthorized', error_message: 'Unauthorized' } };

  function rotatingProvider(fail = false) {
    const calls: string[] = [];
    let current = 'old-token-111111111';
    const provider: TokenProvider = {
      getToken: async () => current,
      refresh: async (rejected) => {
        calls.push(rejected);
        if (fail) throw new Error('invalid_grant: unknown, invalid, or expired refresh token');
        await new Promise((r) => setTimeout(r, 10));
        current = 'new-token-222222222';
        return current;
      },
    };
    return { provider, calls };
  }

  it('refreshes once and retries with the new token', async () => {
    server.script((req) =>
      req.headers.authorization === 'Bearer new-token-222222222' ? { body: { ok: true } } : unauthorized,
    );
    const { provider, calls } = rotatingProvider();
    const c = client(provider);
    expect(await c.get('/contacts')).toEqual({ ok: true });
    expect(calls).toEqual(['old-token-111111111']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer old-token-111111111',
      'Bearer new-token-222222222',
    ]);
    expect(c.stats().refreshes).toBe(1);
  });

  it('shares one refresh between concurrent requests rejected with the same token', async () => {
    server.script((req) =>
      req.headers.authorization === 'Bearer new-token-222222222' ? { body: { ok: true } } : unauthorized,
    );
    const { provider, calls } = rotatingProvider();
    const c = client(provider);
    await Promise.all([c.get('/contacts'), c.get('/contact_lists'), c.get('/emails')]);
    expect(calls).toEqual(['old-token-111111111']);
  });

  it('raises ReconnectRequiredError when the refreshed token is refused too', async () => {
    server.script(() => unauthorized);
    const { provider, calls } = rotatingProvider();
    const err = await client(provider)
      .get('/contacts')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect((err as Error).message).toMatch(/reconnect.*ctct connect/i);
    expect(calls).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('raises ReconnectRequiredError when the provider cannot refresh, without leaking tokens', async () => {
    server.script(() => unauthorized);
    const { provider } = rotatingProvider(true);
    const err = (await client(provider)
      .post('/contacts', {})
      .catch((e: unknown) => e)) as ReconnectRequiredError;
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect(err.message).toContain('invalid_grant');
    expect(JSON.stringify(err.toJSON()) + err.message).not.toContain('old-token-111111111');
    expect(server.requests).toHaveLength(1);
  });

  it("raises the provider's own error when it says what to do: a dead grant's exact command, or a transient failure", async () => {
    server.script(() => unauthorized);
    const dead = new ReconnectRequiredError(
      'connection "work" can no longer be renewed; reconnect with: ctct connect --name work',
      { hint: 'run `ctct connect --name work`' },
    );
    const unreachable = Object.assign(
      new Error('authorization server: unreachable (POST https://authz.example/token: fetch failed)'),
      { hint: 'check the network' },
    );
    for (const failure of [dead, unreachable]) {
      const provider: TokenProvider = {
        getToken: async () => 'old-token-111111111',
        refresh: async () => Promise.reject(failure),
      };
      expect(
        await client(provider)
          .get('/contacts')
          .catch((e: unknown) => e),
      ).toBe(failure);
      // A raw call (non-2xx answers returned, not raised) raises it too: it is about the connection.
      expect(
        await client(provider)
          .request('GET', '/contacts', { throwHttpErrors: false })
          .catch((e: unknown) => e),
      ).toBe(failure);
    }
  });

  it('returns the 401 answer of a raw call made with a fixed token (nothing to refresh)', async () => {
    server.script(() => unauthorized);
    const res = await client('fixed-token-33333333').request('GET', '/contacts', { throwHttpErrors: false });
    expect(res).toMatchObject({ status: 401, data: { error_key: 'unauthorized' } });
  });

  it('raises ReconnectRequiredError at once for a fixed token (nothing to refresh)', async () => {
    server.script(() => unauthorized);
    const err = await client('fixed-token-33333333')
      .get('/contacts')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect(server.requests).toHaveLength(1);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
