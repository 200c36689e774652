import { afterEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { SANDBOX_CLIENT_ID, createSandbox, type FaultSettings } from '../../src/sandbox/index.js';

const STORM: FaultSettings = { seed: 'storm-1', errorRate: 0.25, throttleRate: 0.15, dropRate: 0.1 };

describe('fault injection', () => {
  const t = useSandbox({ listen: true });
  afterEach(() => t.sandbox.faults.clear());

  const ping = () =>
    t.sandbox.fetch('/v3/token_info', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.sandbox.credentials.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.sandbox.credentials.access_token }),
    });
  const get = (path: string) => t.api('GET', path);

  /** The outcome of each of `n` sequential requests: a status, or `drop`. */
  async function outcomes(n: number): Promise<(number | 'drop')[]> {
    const out: (number | 'drop')[] = [];
    for (let i = 0; i < n; i++)
      out.push(
        await ping().then(
          (r) => r.status,
          () => 'drop' as const,
        ),
      );
    return out;
  }

  it('gives the same faults for the same seed and request sequence, and other faults for another seed', async () => {
    t.sandbox.faults.configure(STORM);
    const first = await outcomes(60);
    const firstHistory = t.sandbox.faults.history().map((e) => `${e.seq}:${e.fault}:${e.status ?? ''}`);
    t.sandbox.faults.configure(STORM);
    expect(await outcomes(60)).toEqual(first);
    expect(t.sandbox.faults.history().map((e) => `${e.seq}:${e.fault}:${e.status ?? ''}`)).toEqual(firstHistory);

    for (const kind of [500, 503, 429, 'drop', 200]) expect(first).toContain(kind);
    t.sandbox.faults.configure({ ...STORM, seed: 'storm-2' });
    expect(await outcomes(60)).not.toEqual(first);
  });

  it('gives the same faults in two sandboxes with the same seed', async () => {
    const other = await createSandbox({ rateLimits: false, clock: { mode: 'manual' } });
    try {
      t.sandbox.faults.configure(STORM);
      other.faults.configure(STORM);
      const statuses = async (sandbox: typeof other) => {
        const out: (number | string)[] = [];
        for (let i = 0; i < 40; i++) {
          const req = () =>
            sandbox.fetch('/v3/token_info', {
              method: 'POST',
              headers: {
                authorization: `Bearer ${sandbox.credentials.access_token}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ token: sandbox.credentials.access_token }),
            });
          out.push(
            await req().then(
              (r) => r.status,
              () => 'drop',
            ),
          );
        }
        return out;
      };
      expect(await statuses(other)).toEqual(await statuses(t.sandbox));
    } finally {
      await other.close();
    }
  });

  it('answers injected 5xx with API-style array bodies and throttling storms with the throttled object', async () => {
    t.sandbox.faults.injectNext({ fault: 'error', status: 500 });
    t.sandbox.faults.injectNext({ fault: 'error' });
    t.sandbox.faults.injectNext({ fault: 'throttle' });
    const a = await t.api('GET', '/contacts');
    expect(a.status).toBe(500);
    expect(a.body).toEqual([{ error_key: 'http.status.internal_server_error', error_message: expect.any(String) }]);
    const b = await t.api('GET', '/contacts');
    expect(b.status).toBe(503);
    expect(b.body).toEqual([{ error_key: 'http.status.service_unavailable', error_message: expect.any(String) }]);
    const c = await t.api('GET', '/contacts');
    expect(c.status).toBe(429);
    expect(c.body).toEqual({ error_key: 'throttled', error_message: 'Too Many Requests' });
    expect(c.headers.get('retry-after')).toBeNull();
  });

  it('fails exactly the next 2 GETs with 503, leaving other methods alone', async () => {
    t.sandbox.faults.injectNext({ fault: 'error', status: 503, method: 'GET', count: 2 });
    expect((await ping()).status).toBe(200); // a POST
    expect((await get('/token_info')).status).toBe(503);
    expect((await ping()).status).toBe(200);
    expect((await get('/contacts')).status).toBe(503);
    expect(t.sandbox.faults.pending()).toBe(0);
    expect((await get('/token_info')).status).not.toBe(503);
  });

  it('targets a path pattern, relative to /v3 or on the OAuth server', async () => {
    t.sandbox.faults.injectNext({ fault: 'error', path: '/contact_lists*' });
    expect((await ping()).status).toBe(200);
    expect((await get('/contact_lists/abc')).status).toBe(503);

    t.sandbox.faults.injectNext({ fault: 'error', path: '/oauth2/default/v1/token' });
    const res = await t.sandbox.fetch('/oauth2/default/v1/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: t.sandbox.credentials.refresh_token,
        client_id: SANDBOX_CLIENT_ID,
      }).toString(),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('answers throttle and quota faults on the OAuth server with its own 429 JSON', async () => {
    const refresh = () =>
      t.sandbox.fetch('/oauth2/default/v1/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: 'unused',
          client_id: SANDBOX_CLIENT_ID,
        }).toString(),
      });
    for (const fault of ['throttle', 'quota'] as const) {
      t.sandbox.faults.injectNext({ fault, path: '/oauth2/default/v1/token' });
      const res = await refresh();
      expect(res.status).toBe(429);
      expect(await res.json()).toEqual({ error: 'too_many_requests', error_description: 'Too Many Requests' });
    }
    t.sandbox.faults.injectNext({ fault: 'quota' });
    expect((await get('/contacts')).body).toEqual({ error_key: 'quota_exceeded', error_message: 'Limit Exceeded' });
  });

  it('limits random faults to the matching requests', async () => {
    t.sandbox.faults.configure({ seed: 'x', errorRate: 1, match: { method: 'GET', path: '/contacts*' } });
    expect((await ping()).status).toBe(200);
    expect((await get('/contacts')).status).toBeGreaterThanOrEqual(500);
  });

  it('drops the connection in-process: app.fetch rejects like a network error', async () => {
    t.sandbox.faults.injectNext({ fault: 'drop' });
    const request = new Request('http://sandbox.local/v3/token_info', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.sandbox.credentials.access_token}` },
    });
    const err = await Promise.resolve(t.sandbox.app.fetch(request)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('fetch failed');
    expect((await ping()).status).toBe(200);
  });

  it('drops the connection over a real socket without an answer, and keeps serving afterwards', async () => {
    const url = `${t.server!.url}/token_info`;
    const call = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.sandbox.credentials.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: t.sandbox.credentials.access_token }),
      });
    t.sandbox.faults.injectNext({ fault: 'drop' });
    const err = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(((err as Error).cause as { code?: string }).code).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect((await call()).status).toBe(200);
  });

  it('adds latency: a fixed delay, or one drawn from a range, both recorded', async () => {
    t.sandbox.faults.configure({ latencyMs: 40 });
    const started = performance.now();
    expect((await ping()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    t.sandbox.faults.configure({ latencyMs: [5, 15], seed: 'lat' });
    await outcomes(5);
    const delays = t.sandbox.faults.history().map((e) => e.latencyMs ?? -1);
    expect(delays).toHaveLength(5);
    for (const d of delays) expect(d >= 5 && d <= 15).toBe(true);
  });

  it('draws the same latencies for the same seed, and others for another seed', async () => {
    const delays = async (seed: string) => {
      t.sandbox.faults.configure({ latencyMs: [0, 4], seed });
      await outcomes(12);
      return t.sandbox.faults.history().map((e) => `${e.seq}:${e.latencyMs ?? 0}`);
    };
    const first = await delays('lat-a');
    expect(await delays('lat-a')).toEqual(first);
    expect(await delays('lat-b')).not.toEqual(first);
  });

  it('refuses impossible settings', () => {
    expect(() => t.sandbox.faults.configure({ errorRate: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => t.sandbox.faults.configure({ errorRate: 0.6, dropRate: 0.6 })).toThrow(/exceed 1/);
    expect(() => t.sandbox.faults.injectNext({ fault: 'error', status: 404 })).toThrow(/5xx/);
    expect(() => t.sandbox.faults.injectNext({ fault: 'drop', count: 0 })).toThrow(/positive/);
  });
});
