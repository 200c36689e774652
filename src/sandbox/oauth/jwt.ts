import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * JWT-shaped tokens. The real service issues JWT access tokens (facts §7.2) and the docs advise
 * decoding them to read the expiry, so sandbox access tokens and ID tokens are real
 * `header.payload.signature` strings whose claims (Okta-style: `cid`, `scp`, `exp`, ...) a client may
 * decode. The signature is an HMAC with a key that never leaves the process: nobody can verify it, and
 * nobody needs to, because the sandbox decides validity from its own token table.
 */
export const SANDBOX_ISSUER = 'ctct-sandbox/oauth2/default';
export const SANDBOX_AUDIENCE = 'ctct-sandbox/v3';
/** The one user of the sandbox account (sub of every token). */
export const SANDBOX_USER = 'sandbox-user@example.com';

const signingKey = randomBytes(32);

/** An opaque token (refresh tokens, codes): a prefix that names its kind plus 256 random bits. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function signJwt(claims: Record<string, unknown>): string {
  const head = `${encode({ alg: 'HS256', typ: 'JWT', kid: 'ctct-sandbox' })}.${encode(claims)}`;
  return `${head}.${createHmac('sha256', signingKey).update(head).digest('base64url')}`;
}

/** The claims of a JWT-shaped string, or undefined when it is not one. */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function accessTokenJwt(
  clientId: string,
  scopes: readonly string[],
  issuedAtMs: number,
  expiresAtMs: number,
): string {
  return signJwt({
    ver: 1,
    jti: `AT.${randomUUID()}`,
    iss: SANDBOX_ISSUER,
    aud: SANDBOX_AUDIENCE,
    iat: Math.floor(issuedAtMs / 1000),
    exp: Math.floor(expiresAtMs / 1000),
    cid: clientId,
    uid: 'sandbox-user',
    scp: [...scopes],
    sub: SANDBOX_USER,
  });
}

export function idTokenJwt(clientId: string, issuedAtMs: number, expiresAtMs: number, nonce: string | null): string {
  return signJwt({
    ver: 1,
    jti: `ID.${randomUUID()}`,
    iss: SANDBOX_ISSUER,
    aud: clientId,
    iat: Math.floor(issuedAtMs / 1000),
    exp: Math.floor(expiresAtMs / 1000),
    sub: 'sandbox-user',
    email: SANDBOX_USER,
    amr: ['pwd'],
    auth_time: Math.floor(issuedAtMs / 1000),
    ...(nonce ? { nonce } : {}),
  });
}
