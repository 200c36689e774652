import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Who may use the test controls: a program on this machine that knows the per-start secret. The
 * server listens on 127.0.0.1 only; on top of that a request must name a loopback host (a DNS-rebinding
 * page names its own), carry `Authorization: Bearer <control secret>`, and come from no browser page
 * (browsers add `Origin` or `Sec-Fetch-Site` to cross-origin requests; none is ever allowed, and no
 * CORS header is ever sent, so preflights fail too).
 */

/** A bad control request: answered 400 with what to fix. */
export class ControlInputError extends Error {}

/** Host names the controls answer to; `sandbox.local` is the in-process base of `sandbox.fetch`. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', 'sandbox.local']);

export function controlError(c: Context, status: 400 | 401 | 403 | 404 | 421, message: string, hint?: string) {
  return c.json({ error: { message, ...(hint ? { hint } : {}) } }, status);
}

function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function controlGuard(secret: string): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!LOOPBACK_HOSTS.has(hostName(host).toLowerCase()))
      return controlError(c, 421, `the sandbox controls answer only to 127.0.0.1 or localhost, not to ${host}`);
    const site = c.req.header('sec-fetch-site');
    if (c.req.header('origin') !== undefined || (site !== undefined && site !== 'none'))
      return controlError(c, 403, 'the sandbox controls refuse requests from web pages');
    const auth = c.req.header('authorization') ?? '';
    const given = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    if (given === undefined || !sameSecret(given, secret)) {
      return controlError(
        c,
        401,
        given === undefined ? 'the control secret is missing' : 'the control secret is wrong',
        'send Authorization: Bearer <control secret>, the secret `ctct sandbox` printed at start (control_secret in --json)',
      );
    }
    await next();
  };
}
