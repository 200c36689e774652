import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  rawCall,
  RawCallRefusedError,
  validateRawCall,
  type RawCallRequest,
} from '../../src/client/index.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

const TOKEN = 'raw-call-token-abcdefgh';
let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const client = () => createClient({ baseUrl: server.base, token: TOKEN, budget: false, retry: { throttleDelayMs: 5 } });

describe('raw calls refused before sending', () => {
  const refusals: [string, RawCallRequest, RegExp][] = [
    ['an absolute URL to another host', { method: 'GET', path: 'https://evil.example/v3/contacts' }, /absolute URLs/],
    ['an absolute URL to the API itself', { method: 'GET', path: 'https://api.cc.email/v3/contacts' }, /absolute URLs/],
    ['a protocol-relative path', { method: 'GET', path: '//evil.example/v3/contacts' }, /another host/],
    ['a path outside /v3', { method: 'GET', path: '/v2/contacts' }, /must start with \/v3\//],
    ['a relative path', { method: 'GET', path: 'v3/contacts' }, /must start with \/v3\//],
    ['a .. escape', { method: 'GET', path: '/v3/../oauth2/default/v1/token' }, /"\." and "\.\." segments/],
    ['an encoded .. escape', { method: 'GET', path: '/v3/%2e%2E/admin' }, /"\." and "\.\." segments/],
    ['an encoded slash', { method: 'GET', path: '/v3/contacts%2F..%2F..%2Fx' }, /encoded slashes/],
    ['a backslash', { method: 'GET', path: '/v3\\..\\x' }, /backslashes/],
    [
      'a user Authorization header',
      { method: 'GET', path: '/v3/contacts', headers: { Authorization: 'Bearer stolen' } },
      /Authorization header is always/,
    ],
    [
      'a lower-case authorization header',
      { method: 'GET', path: '/v3/contacts', headers: { authorization: 'Basic x' } },
      /Authorization header is always/,
    ],
    ['a Host header', { method: 'GET', path: '/v3/contacts', headers: { Host: 'evil.example' } }, /would change where/],
    ['an unsupported method', { method: 'TRACE', path: '/v3/contacts' }, /Unsupported method/],
    ['a GET with a body', { method: 'GET', path: '/v3/contacts', body: '{}' }, /GET request cannot have a body/],
  ];

  it.each(refusals)('refuses %s', async (_name, request, message) => {
    server.script(() => ({ body: {} }));
    expect(() => validateRawCall(request)).toThrow(RawCallRefusedError);
    const err = await rawCall(client(), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawCallRefusedError);
    expect((err as Error).message).toMatch(message);
    expect((err as RawCallRefusedError).hint).not.toBe('');
    expect((err as RawCallRefusedError).exitCode).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe('raw calls sent', () => {
  it("sends method, path, query, headers and a verbatim body with the client's token", async () => {
    server.script([{ status: 201, body: { list_id: 'l1' }, headers: { 'x-request-id': 'r1' } }]);
    const body = '{"name":"VIP",  "favorite":true}';
    const result = await rawCall(client(), {
      method: 'post',
      path: '/v3/contact_lists?x=1',
      query: [
        ['tag', 'a'],
        ['tag', 'b'],
      ],
      headers: { 'X-Trace': 'abc' },
      body,
    });
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ list_id: 'l1' });
    expect(result.headers['x-request-id']).toBe('r1');
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v3/contact_lists?x=1&tag=a&tag=b');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['x-trace']).toBe('abc');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.body).toBe(body);
  });

  it('returns non-2xx answers instead of raising them', async () => {
    server.script([{ status: 404, body: [{ error_key: 'contacts.api.not_found', error_message: 'Not found' }] }]);
    const result = await rawCall(client(), { method: 'GET', path: '/v3/contacts/nope' });
    expect(result).toMatchObject({
      status: 404,
      body: [{ error_key: 'contacts.api.not_found', error_message: 'Not found' }],
    });
  });

  it('still waits out 429 throttled answers', async () => {
    server.script([
      { status: 429, body: { error_key: 'throttled', error_message: 'Too Many Requests' } },
      { status: 204 },
    ]);
    const result = await rawCall(client(), { method: 'DELETE', path: '/v3/contacts/c1' });
    expect(result).toEqual({ status: 204, headers: expect.any(Object), body: null });
    expect(server.requests).toHaveLength(2);
  });
});
