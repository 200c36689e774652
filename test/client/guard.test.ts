import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  encodeQuery,
  rawCall,
  RateLimitedError,
  RequestRefusedError,
  type ThrottledWait,
} from '../../src/client/index.js';
import { checkHeaders, checkToken, idSegment } from '../../src/client/guard.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

/**
 * What a caller's text can do to a request: for ids, query names, header names and values and tokens
 * drawn at random (dot segments, slashes, encoded forms, prototype names, control and non-Latin-1
 * characters), the one allowed outcome is checked: encoded faithfully, or refused before sending.
 */
const TOKEN = 'guard-test-token-0123456789';
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

/** Strings rich in the characters that matter here. */
const tricky = fc.oneof(
  fc.string({
    unit: fc.constantFrom('.', '/', '\\', '%', '2', 'e', 'E', 'f', 'F', '?', '#', ' ', 'a', '\n', '\u0000'),
  }),
  fc.constantFrom('.', '..', '%2e', '%2e%2e', '..%2f', './.', '/', '', ' ', ...PROTO_NAMES),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);

describe('ids are one path segment', () => {
  it('any id is either refused or encoded as exactly one segment that decodes to itself', () => {
    fc.assert(
      fc.property(tricky, (id) => {
        let encoded: string;
        try {
          encoded = idSegment(id, 'listId');
        } catch (err) {
          expect(err).toBeInstanceOf(RequestRefusedError);
          expect((err as RequestRefusedError).exitCode).toBe(2);
          return;
        }
        const url = new URL(`https://api.cc.email/v3/contact_lists/${encoded}`);
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(4);
        expect(segments.slice(0, 3)).toEqual(['', 'v3', 'contact_lists']);
        expect(decodeURIComponent(segments[3] as string)).toBe(id);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('library calls refuse . and .. before sending', async () => {
    const server = await startScriptServer(() => ({ status: 404 }));
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    for (const id of ['.', '..']) {
      expect(() => c.lists.delete(id)).toThrow(RequestRefusedError);
      expect(() => c.contacts.get(id)).toThrow(RequestRefusedError);
    }
    await c.lists.get('%2e%2e').catch(() => undefined);
    expect(server.requests.map((r) => r.path)).toEqual(['/v3/contact_lists/%252e%252e']);
    await server.close();
  });
});

describe('query names', () => {
  it('encode to exactly the names and values given, prototype names included', () => {
    const name = fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.string({ unit: 'grapheme', minLength: 1 }));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.string({ unit: 'grapheme' })), { selector: ([n]) => n }),
        (pairs) => {
          const query = Object.create(null) as Record<string, string>;
          for (const [n, v] of pairs) query[n] = v;
          // Sorted: an object lists integer-like keys first, whatever the insertion order.
          const sort = (list: [string, string][]) => [...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          expect(sort([...new URLSearchParams(encodeQuery(query))])).toEqual(sort(pairs));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('headers', () => {
  it('are refused with a usage error, or sent as given (lower-cased name, the value a Headers object keeps)', () => {
    const name = fc.oneof(
      fc.constantFrom(
        ...PROTO_NAMES,
        'content-length',
        'Transfer-Encoding',
        'X-HTTP-Method-Override',
        'host',
        'x-note',
      ),
      fc.string({ unit: 'binary', minLength: 0, maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({
        unit: fc.constantFrom('a', ' ', '\t', '\r', '\n', '\u0000', '\u007f', '\u0085', 'é', '€', '\u202e'),
      }),
    );
    fc.assert(
      fc.property(name, value, (n, v) => {
        let out: [string, string][];
        try {
          out = checkHeaders([[n, v]]);
        } catch (err) {
          expect(err).toBeInstanceOf(RequestRefusedError);
          return;
        }
        // What passed is something the transport sends unchanged (Headers throws where fetch would).
        const headers = new Headers(out);
        expect(out).toHaveLength(1);
        expect(headers.get(out[0]![0])).toBe(v.replace(/^[\t ]+|[\t ]+$/g, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['content-length', '5'],
    ['transfer-encoding', 'chunked'],
    ['connection', 'close'],
    ['keep-alive', 'timeout=5'],
    ['upgrade', 'websocket'],
    ['te', 'trailers'],
    ['x-http-method-override', 'DELETE'],
    ['authorization', 'Bearer other'],
    ['x-note', 'line\r\nInjected: 1'],
    ['x-note', 'caf\u00e9 \u20ac'],
  ])('%s: %j is refused before anything is sent', async (name, value) => {
    const server = await startScriptServer([{}]);
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    await expect(rawCall(c, { method: 'GET', path: '/v3/x', headers: [[name, value]] })).rejects.toBeInstanceOf(
      RequestRefusedError,
    );
    await expect(c.request('GET', '/x', { headers: { [name]: value } })).rejects.toBeInstanceOf(RequestRefusedError);
    expect(server.requests).toHaveLength(0);
    await server.close();
  });
});

describe('prototype-named keys reach the API as given', () => {
  let server: ScriptServer;
  beforeAll(async () => {
    server = await startScriptServer();
  });
  afterAll(() => server.close());

  it('as query names and as headers of a raw call', async () => {
    server.script(() => ({ body: {}, headers: { 'x-answer': '1' } }));
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    const query = PROTO_NAMES.map((n) => [n, `v-${n}`] as const);
    const headers = PROTO_NAMES.filter((n) => n !== '__proto__').map((n) => [n, `h-${n}`] as [string, string]);
    const result = await rawCall(c, { method: 'GET', path: '/v3/contacts', query, headers });
    expect(result.status).toBe(200);
    const req = server.requests[0]!;
    expect([...req.query]).toEqual(query);
    for (const pair of headers) expect(req.headerPairs).toContainEqual([pair[0].toLowerCase(), pair[1]]);
    const nullRecord = (pairs: [string, string][]) => {
      const out = Object.create(null) as Record<string, string>;
      for (const [k, v] of pairs) out[k] = v;
      return out;
    };
    const own = nullRecord([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    const headerless = nullRecord([['constructor', 'c']]);
    await c.get('/contacts', { query: own, headers: headerless });
    const second = server.requests[1]!;
    expect(second.url).toBe('/v3/contacts?__proto__=p&constructor=c');
    expect(second.headerPairs).toContainEqual(['constructor', 'c']);
    // Node's fetch would drop a `__proto__` header without a word: it is refused instead.
    await expect(c.get('/contacts', { headers: own })).rejects.toThrow(/__proto__ cannot be sent/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('tokens', () => {
  it('a token with a control character, a space or non-ASCII is refused and never sent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (token) => {
        let refused = false;
        try {
          checkToken(token);
        } catch (err) {
          expect(err).toBeInstanceOf(RequestRefusedError);
          expect((err as Error).message).not.toContain(token.length > 3 ? token : '\u0000never');
          refused = true;
        }
        expect(refused).toBe(!/^[\x21-\x7e]+$/.test(token));
      }),
      { numRuns: 1000 },
    );
  });

  it('the client refuses it before sending', async () => {
    const server = await startScriptServer([{}]);
    const c = createClient({ baseUrl: server.base, token: 'abcdefgh1234\nX-Injected: yes', budget: false });
    const err = await c.get('/contacts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestRefusedError);
    expect(String((err as Error).message)).not.toMatch(/abcdefgh|Injected/);
    expect(server.requests).toHaveLength(0);
    await server.close();
  });
});

describe('a persistent 429 throttled', () => {
  it('is waited out up to maxThrottledWaitMs, telling onThrottled of each wait, then raised', async () => {
    const server = await startScriptServer(() => ({
      status: 429,
      body: { error_key: 'throttled', error_message: 'Too many requests' },
    }));
    const waits: ThrottledWait[] = [];
    const c = createClient({
      baseUrl: server.base,
      token: TOKEN,
      budget: false,
      retry: { maxThrottledWaitMs: 200, throttleDelayMs: 20 },
      onThrottled: (w) => waits.push(w),
    });
    const err = await c.get('/contacts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as Error).message).toMatch(/waited \d+ s for the throttle/);
    expect(waits.length).toBeGreaterThan(1);
    expect(waits[0]).toMatchObject({ method: 'GET', path: '/v3/contacts', waitedMs: 0, limitMs: 200 });
    expect(waits.at(-1)!.waitedMs).toBeGreaterThan(0);
    expect(server.requests.length).toBe(waits.length + 1);
    await server.close();
  });
});

describe('plain-http bases', () => {
  it.each([
    ['http://api.example.com/v3', false],
    ['http://10.0.0.5:8080/v3', false],
    ['http://127.0.0.1:4010/v3', true],
    ['http://localhost:4010/v3', true],
    ['http://[::1]:4010/v3', true],
    ['https://api.example.com/v3', true],
  ])('%s is %s', (baseUrl, accepted) => {
    const make = () => createClient({ baseUrl, token: TOKEN, budget: false });
    if (accepted) expect(make).not.toThrow();
    else {
      expect(make).toThrow(RequestRefusedError);
      expect(make).toThrow(/plain http on another host/);
      expect(() => createClient({ baseUrl, token: TOKEN, budget: false, allowInsecureHttp: true })).not.toThrow();
    }
  });
});
