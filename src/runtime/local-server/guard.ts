import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The checks every local server of ours (the web app, the MCP server over HTTP) makes before it reads
 * a request: it listens on 127.0.0.1 only, yet any web page the user visits can still aim a request at
 * it, so
 *  - `Host` must name this server, `127.0.0.1:PORT` or `localhost:PORT` (a DNS-rebinding page reaches
 *    us under its own host name);
 *  - `Origin`, when a browser sends one, must be this server's own;
 *  - a caller proves it belongs with a random secret of this start, compared in constant time.
 * Each server words and codes its refusals in its own protocol, so this decides and does not answer.
 */

/** The origins a server on this port answers as; the first is the one it prints. */
export function loopbackOrigins(port: number): [string, string] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Why a request is refused before anything else is read. */
export type LocalRefusal = { reason: 'host'; host: string | undefined } | { reason: 'origin'; origin: string };

/** The Host and Origin checks; undefined when the request may go on. */
export function checkHostAndOrigin(
  port: number,
  headers: { host: string | undefined; origin: string | undefined },
): LocalRefusal | undefined {
  const origins = loopbackOrigins(port);
  // Host names are case-insensitive; a browser serializes Origin in lower case, so it is compared as sent.
  const host = headers.host?.toLowerCase();
  if (host === undefined || !origins.some((o) => o === `http://${host}`)) return { reason: 'host', host: headers.host };
  if (headers.origin !== undefined && !origins.includes(headers.origin))
    return { reason: 'origin', origin: headers.origin };
  return undefined;
}

/** A fresh secret for this start (base64url of `bytes` random bytes). */
export function perStartSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Whether `given` is the secret, in time that does not depend on where they differ. */
export function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(secret);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
}
