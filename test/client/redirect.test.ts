import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, rawCall, RedirectError, type HttpMethod } from '../../src/client/index.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

/**
 * The client never follows a redirect: for every 3xx status and every method, the answer is an error
 * naming where it pointed, and the place it pointed to (another server on 127.0.0.1, or the same
 * server outside /v3) never sees the request, its body or the token.
 */
const TOKEN = 'redirect-test-token-0123456789';
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const STATUSES = [300, 301, 302, 303, 304, 305, 306, 307, 308];

let api: ScriptServer;
let elsewhere: ScriptServer;
beforeAll(async () => {
  api = await startScriptServer();
  elsewhere = await startScriptServer([]);
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});

const client = () => createClient({ baseUrl: api.base, token: TOKEN, budget: false, retry: { maxRetries: 0 } });

describe('redirects', () => {
  for (const status of STATUSES) {
    for (const method of METHODS) {
      it(`${status} to another host on ${method}: an error naming the target, nothing sent there`, async () => {
        elsewhere.script(() => ({ body: { contacts: [] } }));
        api.script(() => ({ status, headers: { location: `${elsewhere.origin}/v3/contacts?x=1` } }));
        const body = method === 'GET' || method === 'DELETE' ? undefined : { name: 'secret list' };
        const err = await client()
          .request(method, '/contact_lists', body === undefined ? {} : { body })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(RedirectError);
        const redirect = err as RedirectError;
        expect(redirect.status).toBe(status);
        expect(redirect.location).toBe(`${elsewhere.origin}/v3/contacts`);
        expect(redirect.message).toContain(`${method} /v3/contact_lists was answered ${status}`);
        expect(redirect.message).toContain(`pointing to ${elsewhere.origin}/v3/contacts`);
        expect(api.requests).toHaveLength(1);
        expect(elsewhere.requests).toHaveLength(0);
      });
    }
  }

  it('a same-origin redirect out of /v3 is not followed either (the token stays on /v3)', async () => {
    api.script((req) => (req.path.startsWith('/v3') ? { status: 302, headers: { location: '/admin' } } : {}));
    await expect(client().get('/contacts')).rejects.toThrow(
      /answered 302 Found pointing to http:\/\/127\.0\.0\.1:\d+\/admin/,
    );
    expect(api.requests.map((r) => r.path)).toEqual(['/v3/contacts']);
  });

  it('a redirect without Location says so', async () => {
    api.script(() => ({ status: 301 }));
    await expect(client().get('/contacts')).rejects.toThrow(/without saying where/);
  });

  it('the raw call (ctct call, Make an API Call) reports a redirect as an error too', async () => {
    elsewhere.script(() => ({ body: {} }));
    for (const status of STATUSES) {
      api.script(() => ({ status, headers: { location: `${elsewhere.origin}/x` } }));
      await expect(rawCall(client(), { method: 'POST', path: '/v3/contacts', body: { a: 1 } })).rejects.toBeInstanceOf(
        RedirectError,
      );
    }
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('next-page links are held to the raw call guard', () => {
  const hostile = [
    '/v3/../../x',
    '/v3/contacts/../../admin?cursor=1',
    '/v3/%2e%2e/%2E%2E/x',
    '/v3/contacts/%2e%2e?cursor=2',
    '/v3/a%2fb',
    '/v3/contacts\\..\\x',
    '/v3/./contacts',
  ];
  for (const href of hostile) {
    it(`refuses ${href} without requesting it`, async () => {
      api.script(() => ({ body: { contacts: [{ id: 1 }], _links: { next: { href } } } }));
      const walk = async () => {
        const seen: unknown[] = [];
        for await (const item of client().paginate('/contacts', { itemsKey: 'contacts' })) seen.push(item);
        return seen;
      };
      await expect(walk()).rejects.toThrow(/next-page link .* is refused/);
      expect(api.requests).toHaveLength(1);
    });
  }

  it('refuses the same in an absolute link on the API origin', async () => {
    api.script(() => ({ body: { contacts: [], _links: { next: { href: `${api.origin}/v3/../x` } } } }));
    const iterator = client().pages('/contacts', { itemsKey: 'contacts' });
    await iterator.next();
    await expect(iterator.next()).rejects.toThrow(/is refused/);
    expect(api.requests).toHaveLength(1);
  });
});
