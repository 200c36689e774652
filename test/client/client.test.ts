import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createRequestBudget,
  MissingTokenError,
  OutcomeUnknownError,
  TimeoutError,
} from '../../src/client/index.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

const TOKEN = 'test-access-token-0123456789';
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const savedEnv = { base: process.env.CTCT_API_BASE, token: process.env.CTCT_ACCESS_TOKEN };
afterEach(() => {
  for (const [name, value] of [
    ['CTCT_API_BASE', savedEnv.base],
    ['CTCT_ACCESS_TOKEN', savedEnv.token],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function client(extra: Parameters<typeof createClient>[0] = {}) {
  return createClient({
    baseUrl: server.base,
    token: TOKEN,
    budget: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2, throttleDelayMs: 5 },
    ...extra,
  });
}

describe('createClient', () => {
  it('sends base + path with the bearer token, the ctct-connect user agent and Accept JSON', async () => {
    server.script([{ body: { contacts: [] } }]);
    const data = await client().get('/contacts');
    expect(data).toEqual({ contacts: [] });
    const [req] = server.requests;
    expect(req?.url).toBe('/v3/contacts');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['user-agent']).toBe(`ctct-connect/${version}`);
    expect(req?.headers.accept).toBe('application/json');
  });

  it('takes the base URL and the token from CTCT_API_BASE and CTCT_ACCESS_TOKEN', async () => {
    server.script([{ body: {} }]);
    process.env.CTCT_API_BASE = `${server.base}/`;
    process.env.CTCT_ACCESS_TOKEN = 'env-token-abcdefgh';
    const c = createClient({ budget: false });
    expect(c.baseUrl).toBe(server.base);
    await c.get('/account/summary');
    expect(server.requests[0]?.url).toBe('/v3/account/summary');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer env-token-abcdefgh');
  });

  it('defaults to the production API base', () => {
    delete process.env.CTCT_API_BASE;
    expect(createClient({ token: TOKEN, budget: false }).baseUrl).toBe('https://api.cc.email/v3');
  });

  it('without any token raises MissingTokenError naming CTCT_ACCESS_TOKEN and ctct connect', () => {
    delete process.env.CTCT_ACCESS_TOKEN;
    expect(() => createClient({ baseUrl: server.base })).toThrow(MissingTokenError);
    expect(() => createClient({ baseUrl: server.base })).toThrow(/CTCT_ACCESS_TOKEN.*ctct connect/);
  });

  it.each([
    [
      'arrays as one comma-separated value',
      { lists: ['a', 'b'], include: ['custom_fields', 'taggings'] },
      undefined,
      'lists=a,b&include=custom_fields,taggings',
    ],
    [
      'repeated names when asked',
      { bounce_code: ['B', 'D'], limit: 5 },
      ['bounce_code'],
      'bounce_code=B&bounce_code=D&limit=5',
    ],
    [
      'booleans and numbers as text, undefined and null left out',
      { include_count: true, limit: 10, email: undefined, status: null },
      undefined,
      'include_count=true&limit=10',
    ],
    [
      'values percent-encoded',
      { email: 'a+b@example.com', updated_after: '2026-01-01T00:00:00Z' },
      undefined,
      'email=a%2Bb%40example.com&updated_after=2026-01-01T00%3A00%3A00Z',
    ],
  ] as const)('encodes query %s', async (_name, query, repeat, expected) => {
    server.script([{ body: {} }]);
    await client().request('GET', '/contacts', { query, ...(repeat ? { repeat } : {}) });
    expect(server.requests[0]?.url).toBe(`/v3/contacts?${expected}`);
  });

  it('sends JSON bodies with Content-Type application/json', async () => {
    server.script([{ status: 201, body: { list_id: 'l1', name: 'VIP' } }]);
    const created = await client().lists.create({ name: 'VIP', favorite: true });
    expect(created).toEqual({ list_id: 'l1', name: 'VIP' });
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ name: 'VIP', favorite: true });
  });

  it('sends a CSV import as multipart with the file part and list_ids, boundary set by fetch', async () => {
    server.script([{ status: 201, body: { activity_id: 'act1', state: 'initialized' } }]);
    const activity = await client().activities.csvImport({
      fileName: 'people.csv',
      data: 'email\na@example.com\n',
      listIds: ['l1', 'l2'],
    });
    expect(activity.activity_id).toBe('act1');
    const req = server.requests[0];
    expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req?.body).toContain('filename="people.csv"');
    expect(req?.body).toContain('email\na@example.com');
    expect(req?.body).toMatch(/name="list_ids"\r\n\r\nl1,l2/);
  });

  it('refuses a CSV import whose file name does not end in .csv before sending', async () => {
    server.script([]);
    await expect(async () =>
      client().activities.csvImport({ fileName: 'people.txt', data: 'email\n', listIds: ['l1'] }),
    ).rejects.toThrow(/\.csv/);
    expect(server.requests).toHaveLength(0);
  });

  it('gives data undefined for 204 answers', async () => {
    server.script([{ status: 204 }]);
    const res = await client().request('DELETE', '/contacts/c1');
    expect(res.status).toBe(204);
    expect(res.data).toBeUndefined();
  });

  it('returns status and headers from request()', async () => {
    server.script([{ status: 202, body: { activity_id: 'a' }, headers: { location: '/v3/activities/a' } }]);
    const res = await client().request('DELETE', '/contact_lists/l1');
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe('/v3/activities/a');
  });

  it('encodes ids so they cannot add path segments, and refuses empty ids', async () => {
    server.script([{ body: {} }]);
    await client().contacts.get('a/../b', { include: ['list_memberships'] });
    expect(server.requests[0]?.url).toBe('/v3/contacts/a%2F..%2Fb?include=list_memberships');
    expect(() => client().contacts.get('')).toThrow(/contactId is required/);
  });

  it('times out a GET as TimeoutError after its retries', async () => {
    server.script(() => ({ body: {}, delayMs: 300 }));
    const c = client({ timeoutMs: 50, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(c.get('/contacts')).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a POST as OutcomeUnknownError, sent once', async () => {
    server.script(() => ({ status: 201, body: {}, delayMs: 300 }));
    const err = await client({ timeoutMs: 50 })
      .contacts.create({ create_source: 'Account', email_address: { address: 'x@example.com' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect((err as Error).message).toMatch(
      /may or may not have been applied.*no idempotency keys.*check before retrying/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('passes an aborted signal through as the abort reason', async () => {
    server.script(() => ({ body: {}, delayMs: 200 }));
    const controller = new AbortController();
    const pending = client().get('/contacts', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 20);
    await expect(pending).rejects.toThrow('stop now');
  });

  it('refuses a body that cannot be encoded before it spends any of the request budget', async () => {
    server.script(() => ({ body: {} }));
    const budget = createRequestBudget({ perWindow: 1, windowMs: 60_000 });
    const c = client({ budget });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(c.post('/contacts', circular)).rejects.toThrow(TypeError);
    expect(budget.usage().today).toBe(0);
    // The one slot of this minute is still free: the next request goes at once.
    await c.get('/contacts');
    expect(server.requests).toHaveLength(1);
  });

  it('counts requests in stats()', async () => {
    server.script([{ status: 503 }, { body: {} }]);
    const c = client();
    await c.get('/contacts');
    expect(c.stats()).toMatchObject({ requests: 2, retries: 1, throttledWaits: 0, refreshes: 0, budget: null });
  });
});
