import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { checkHostAndOrigin, loopbackOrigins, perStartSecret, sameSecret } from '../runtime/local-server/guard.js';

/**
 * The app is a local server holding live credentials, so any web page the user visits could try to
 * reach it. The defences (src/app/README.md explains each):
 *  - `Host` must name this server (127.0.0.1 or localhost with its port): a DNS-rebinding page
 *    reaches us under its own host name and is refused; `Origin`, when the browser sends one, must be
 *    this server's (both checked by src/runtime/local-server/guard.ts, as the MCP server checks them);
 *  - writes must carry `Origin`, and `Sec-Fetch-Site` on API calls must say same-origin;
 *  - the API needs the session: a cookie (HttpOnly, SameSite=Strict) set only in exchange for the
 *    random key in the URL `ctct app` printed, which exists in this process only.
 */
export interface Session {
  /** The key in the URL `ctct app` prints and opens. */
  readonly key: string;
  readonly cookieName: string;
  readonly port: number;
  /** Origins this server answers as. */
  readonly origins: readonly string[];
  /** True when the cookie value is this start's session. */
  isValid(cookie: string | undefined): boolean;
  /** True when `given` is the URL key. */
  keyMatches(given: string | undefined): boolean;
  /** The cookie's value (random, separate from the key, so the URL never carries the cookie itself). */
  readonly cookieValue: string;
}

export function createSession(port: number): Session {
  const key = perStartSecret(24);
  const cookieValue = perStartSecret(32);
  return {
    key,
    cookieValue,
    port,
    // Cookies ignore ports: the name carries it, so two apps on one machine keep their own sessions.
    cookieName: `ctct_app_${port}`,
    origins: loopbackOrigins(port),
    isValid: (cookie) => sameSecret(cookie, cookieValue),
    keyMatches: (given) => sameSecret(given, key),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function refuse(status: number, message: string, hint: string): Response {
  return new Response(JSON.stringify({ error: { name: 'Refused', message, hint } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Host and Origin checks on every request, whatever its path. */
export function checkOrigin(session: Session): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const refusal = checkHostAndOrigin(session.port, { host: c.req.header('host'), origin });
    if (refusal?.reason === 'host')
      return refuse(
        421,
        `This server answers only as ${session.origins[0]}, not as ${refusal.host ?? '(no Host header)'}`,
        'Open the URL `ctct app` printed.',
      );
    if (refusal?.reason === 'origin')
      return refuse(403, `Requests from ${refusal.origin} are refused`, 'Only the app itself may call its API.');
    if (!SAFE_METHODS.has(c.req.method) && origin === undefined)
      return refuse(403, 'A change without an Origin header is refused', 'Use the app in a browser.');
    await next();
  };
}

/** The API needs the session cookie and a same-origin fetch. */
export function requireSession(session: Session): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin')
      return refuse(403, `A ${site} request to the API is refused`, 'Only the app itself may call its API.');
    if (!session.isValid(getCookie(c, session.cookieName)))
      return refuse(
        401,
        'No session: this browser has not opened the link `ctct app` printed',
        'Open the URL with ?key=... that `ctct app` printed (each start makes a new one).',
      );
    await next();
  };
}

/** `GET /?key=...`: trades the URL key for the session cookie, then drops the key from the address bar. */
export function openSession(session: Session): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.query('key');
    if (given === undefined) return next();
    if (!session.keyMatches(given))
      return c.html(
        '<!doctype html><title>ctct app</title>' +
          '<p>This link is from an earlier start of <code>ctct app</code>. Open the URL it printed this time.</p>',
        401,
      );
    setCookie(c, session.cookieName, session.cookieValue, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    return c.redirect('/', 303);
  };
}

/** Headers every answer carries: no framing, no sniffing, scripts and styles from this server only. */
export const hardenHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('x-content-type-options', 'nosniff');
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'no-referrer');
  c.header(
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
};
