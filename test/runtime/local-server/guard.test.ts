import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  checkHostAndOrigin,
  loopbackOrigins,
  perStartSecret,
  sameSecret,
  type LocalRefusal,
} from '../../../src/runtime/local-server/guard.js';

/** The checks the web app and the MCP server make on every request, header by header. */
const PORT = 4020;

describe('checkHostAndOrigin', () => {
  const cases: [string, string | undefined, string | undefined, LocalRefusal | undefined][] = [
    ['the loopback address and port', `127.0.0.1:${PORT}`, undefined, undefined],
    ['localhost and the port', `localhost:${PORT}`, undefined, undefined],
    ['a host name in capitals (host names ignore case)', `LocalHost:${PORT}`, undefined, undefined],
    ['its own Origin', `127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT}`, undefined],
    ['its other own Origin', `127.0.0.1:${PORT}`, `http://localhost:${PORT}`, undefined],
    ['no Host', undefined, undefined, { reason: 'host', host: undefined }],
    ['an empty Host', '', undefined, { reason: 'host', host: '' }],
    ['a DNS-rebinding name', `evil.example:${PORT}`, undefined, { reason: 'host', host: `evil.example:${PORT}` }],
    [
      'a name that starts like localhost',
      'localhost.evil.example',
      undefined,
      { reason: 'host', host: 'localhost.evil.example' },
    ],
    ['another port', `127.0.0.1:${PORT + 1}`, undefined, { reason: 'host', host: `127.0.0.1:${PORT + 1}` }],
    ['no port', '127.0.0.1', undefined, { reason: 'host', host: '127.0.0.1' }],
    [
      'IPv6 loopback (the servers listen on 127.0.0.1 only)',
      `[::1]:${PORT}`,
      undefined,
      { reason: 'host', host: `[::1]:${PORT}` },
    ],
    [
      'a foreign Host with a foreign Origin (Host first)',
      'evil.example',
      'http://evil.example',
      { reason: 'host', host: 'evil.example' },
    ],
    [
      'a foreign Origin',
      `127.0.0.1:${PORT}`,
      'http://evil.example',
      { reason: 'origin', origin: 'http://evil.example' },
    ],
    [
      'the Origin of another local port',
      `127.0.0.1:${PORT}`,
      'http://127.0.0.1:4010',
      { reason: 'origin', origin: 'http://127.0.0.1:4010' },
    ],
    [
      'an https Origin',
      `127.0.0.1:${PORT}`,
      `https://127.0.0.1:${PORT}`,
      { reason: 'origin', origin: `https://127.0.0.1:${PORT}` },
    ],
    ['the opaque Origin of a sandboxed page', `127.0.0.1:${PORT}`, 'null', { reason: 'origin', origin: 'null' }],
  ];
  it.each(cases)('%s', (_what, host, origin, expected) => {
    expect(checkHostAndOrigin(PORT, { host, origin })).toEqual(expected);
  });

  it('names the origins a server answers as, the printed one first', () => {
    expect(loopbackOrigins(PORT)).toEqual([`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`]);
  });
});

describe('the per-start secret', () => {
  it('is fresh at every start and URL-safe', () => {
    const a = perStartSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(perStartSecret()).not.toBe(a);
    expect(perStartSecret(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  const secret = 'c2VjcmV0LW9mLXRoaXMtc3RhcnQ';
  it.each([
    ['the secret', secret, true],
    ['nothing', undefined, false],
    ['an empty string', '', false],
    ['a prefix of it', secret.slice(0, -1), false],
    ['it with more after', `${secret}x`, false],
    ['it in other case', secret.toUpperCase(), false],
  ])('matches %s: %s', (_what, given, expected) => {
    expect(sameSecret(given, secret)).toBe(expected);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer ', undefined],
    ['Basic abc', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %s', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
