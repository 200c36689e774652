import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, SANDBOX_CLIENT_ID, createSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { RunningServer } from '../../../src/sandbox/serve.js';
import { createControlClient } from '../../../src/sandbox/control/client.js';

/** The test controls over real HTTP on 127.0.0.1: who may use them, and that each does what the in-process one does. */

const DAY = 24 * 3600 * 1000;

describe('sandbox test controls over HTTP', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  beforeAll(async () => {
    sandbox = await createSandbox({ rateLimits: false, clock: { mode: 'manual', start: '2026-03-02T15:00:00.000Z' } });
    server = await sandbox.listen(0);
  });
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });

  const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.controlUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.controlSecret}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  // The clock tests move time by days: each API call gets a token issued at the sandbox's now.
  const token = (): string => sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ALL_SCOPES).access_token;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  /** A raw request, for headers fetch will not let a caller set (Host). */
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      req.on('error', reject);
      req.end();
    });

  it('is served under /_sandbox with a per-start secret that differs between sandboxes', async () => {
    expect(server.controlUrl).toBe(`${server.origin}/_sandbox`);
    expect(server.controlSecret).toMatch(/^sbx_ctl_[\w-]{43}$/);
    const other = await createSandbox();
    expect(other.controlSecret).not.toBe(sandbox.controlSecret);
    await other.close();
  });

  it.each([
    ['no secret', {}, 401],
    ['a wrong secret', { authorization: 'Bearer sbx_ctl_wrong' }, 401],
    ['the API access token instead of the secret', { authorization: 'Bearer API' }, 401],
    ['a web page (Origin)', { origin: 'http://evil.example' }, 403],
    ['a web page (Sec-Fetch-Site)', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a rebound host name', { host: 'evil.example:80' }, 421],
  ])('refuses a request with %s', async (_what, extra, status) => {
    const headers: Record<string, string> = { authorization: `Bearer ${server.controlSecret}`, ...extra };
    if (headers.authorization === 'Bearer API') headers.authorization = `Bearer ${sandbox.credentials.access_token}`;
    if (!('authorization' in extra) && status === 401) delete headers.authorization;
    const res = await raw('/_sandbox/status', headers);
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers no CORS preflight, so no browser page can call it', async () => {
    const res = await fetch(`${server.controlUrl}/reset`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is not reachable through /v3, even with a valid API token', async () => {
    const res = await api('GET', '/_sandbox/status');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual([{ error_key: 'http.status.not_found', error_message: expect.any(String) }]);
  });

  it('advances and sets the clock, refusing to go back', async () => {
    const before = sandbox.clock.nowMs();
    const advanced = await control('POST', '/clock/advance', { by: '3d' });
    expect(advanced.status).toBe(200);
    expect(await advanced.json()).toEqual({ now: new Date(before + 3 * DAY).toISOString(), advanced_ms: 3 * DAY });
    expect(sandbox.clock.nowMs()).toBe(before + 3 * DAY);
    expect((await control('POST', '/clock/advance', { ms: 1000 })).status).toBe(200);
    const set = await control('POST', '/clock/set', { at: '2026-04-01T00:00:00Z' });
    expect(await set.json()).toEqual({ now: '2026-04-01T00:00:00.000Z' });
    const back = await control('POST', '/clock/set', { at: '2026-01-01T00:00:00Z' });
    expect(back.status).toBe(400);
    expect(((await back.json()) as { error: { message: string } }).error.message).toMatch(/backwards/);
    const bad = await control('POST', '/clock/advance', { by: '3 fortnights' });
    expect(bad.status).toBe(400);
  });

  it('runs due jobs step by step, or drains them', async () => {
    // Served, the sandbox runs jobs on its own too; a far-future schedule stays put until the clock gets there.
    const list = (await (await api('POST', '/contact_lists', { name: 'Controls' })).json()) as { list_id: string };
    const accepted = (await (
      await api('POST', '/activities/add_list_memberships', {
        source: { all_active_contacts: true },
        list_ids: [list.list_id],
      })
    ).json()) as { activity_id: string };
    const drained = await control('POST', '/jobs/drain');
    expect(drained.status).toBe(200);
    expect(await drained.json()).toMatchObject({ pending: 0 });
    const activity = (await (await api('GET', `/activities/${accepted.activity_id}`)).json()) as { state: string };
    expect(activity.state).toBe('completed');
    const run = (await (await control('POST', '/jobs/run')).json()) as { ran: number };
    expect(run.ran).toBe(0);
  });

  it('configures seeded faults, queues exact ones, lists them and clears them', async () => {
    const set = await control('PUT', '/faults', {
      errorRate: 1,
      errorStatuses: [502],
      match: { path: '/contact_lists*' },
    });
    expect(set.status).toBe(200);
    expect((await api('GET', '/contact_lists')).status).toBe(502);
    expect((await api('GET', '/contacts')).status).toBe(200);
    await control('DELETE', '/faults');
    expect((await api('GET', '/contact_lists')).status).toBe(200);
    const queued = await control('POST', '/faults/next', { fault: 'error', status: 503, count: 2, method: 'GET' });
    expect(await queued.json()).toMatchObject({ queued_faults: 2 }); // uses left
    expect((await api('GET', '/contacts')).status).toBe(503);
    expect((await api('GET', '/contacts')).status).toBe(503);
    expect((await api('GET', '/contacts')).status).toBe(200);
    const history = (await (await control('GET', '/faults/history')).json()) as { events: { status: number }[] };
    expect(history.events.map((e) => e.status)).toEqual([503, 503]);
    await control('DELETE', '/faults');
  });

  it.each([
    [{ errorRat: 0.1 }, /unknown field errorRat/],
    [{ errorRate: 'lots' }, /errorRate must be a number/],
    [{ errorRate: 2 }, /between 0 and 1/],
    [{ match: { path: 3 } }, /match\.path/],
  ])('refuses fault settings %j with a 400 that says what to fix', async (body, message) => {
    const res = await control('PUT', '/faults', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it("switches rate limits and sets the day's count", async () => {
    const res = await control('PUT', '/rate-limits', { enabled: true, day_count: 10_000 });
    expect(await res.json()).toEqual({ enabled: true, day_count: 10_000 });
    const limited = await api('GET', '/contact_lists');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error_key: 'quota_exceeded' });
    await control('PUT', '/rate-limits', { enabled: false, day_count: 0 });
    expect((await api('GET', '/contact_lists')).status).toBe(200);
  });

  it('resets the account data and keeps the tokens, and reports its status', async () => {
    await api('POST', '/contact_lists', { name: 'Gone after reset' });
    const reset = await control('POST', '/reset');
    expect(reset.status).toBe(200);
    const lists = (await (await api('GET', '/contact_lists')).json()) as { lists: unknown[] };
    expect(lists.lists).toEqual([]);
    const status = (await (await control('GET', '/status')).json()) as Record<string, unknown>;
    expect(status).toEqual({
      now: sandbox.clock.nowIso(),
      pending_jobs: 0,
      faults: {},
      queued_faults: 0,
      rate_limits: { enabled: false, day_count: expect.any(Number) },
    });
  });

  it('names an unknown control with a 404 that points at the README', async () => {
    const res = await control('POST', '/clock/rewind');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { hint: string } }).error.hint).toMatch(/README/);
  });

  it('is driven the same way by the library client', async () => {
    const client = createControlClient({ url: server.controlUrl, secret: server.controlSecret });
    const before = sandbox.clock.nowMs();
    await client.advanceClock('1h30m');
    expect(sandbox.clock.nowMs()).toBe(before + 90 * 60 * 1000);
    await expect(
      createControlClient({ url: server.controlUrl, secret: 'sbx_ctl_wrong' }).status(),
    ).rejects.toMatchObject({ status: 401, message: 'the control secret is wrong' });
    expect(() => createControlClient({ url: 'http://example.com/_sandbox', secret: 'x' })).toThrow(/127\.0\.0\.1/);
  });
});
