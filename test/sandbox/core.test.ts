import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { contractAvailable } from '../helpers/contract.js';

describe('sandbox core', () => {
  const t = useSandbox();

  it('rejects a request without a bearer token with a single-object 401', async () => {
    const res = await t.sandbox.fetch('/v3/contact_lists');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error_key: 'unauthorized', error_message: 'Unauthorized' });
  });

  it('rejects an unknown token', async () => {
    const res = await t.api('GET', '/contact_lists', undefined, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
  });

  it('answers unknown paths with an API-style 404 array', async () => {
    const res = await t.api('GET', '/no_such_thing');
    expect(res.status).toBe(404);
    expect(Array.isArray(res.body)).toBe(true);
  });

  it.each([
    ['PATCH', '/contacts/0b5a3c5e-0000-4000-8000-00000000abcd', 'GET, PUT, DELETE'],
    ['DELETE', '/contact_lists', 'GET, POST'],
    ['PUT', '/emails/activities/0b5a3c5e-0000-4000-8000-00000000abcd/schedules', 'GET, POST, DELETE'],
  ])('answers %s %s, a method the path does not support, 405 with Allow', async (method, path, allow) => {
    const res = await t.api(method, path, method === 'DELETE' ? undefined : {});
    expect(res.status).toBe(405);
    expect(res.body).toEqual([{ error_key: 'http.status.method_not_allowed', error_message: expect.any(String) }]);
    expect(res.headers.get('allow')!.split(', ').sort()).toEqual(allow.split(', ').sort());
  });

  it('expires the default access token after 24 hours of sandbox time', async () => {
    const before = await t.api('GET', '/no_such_thing');
    expect(before.status).toBe(404);
    t.sandbox.clock.advance(24 * 3600 * 1000 + 1);
    const after = await t.api('GET', '/no_such_thing');
    expect(after.status).toBe(401);
  });

  it('has the official contract available for validation', () => {
    expect(contractAvailable()).toBe(true);
  });
});
