import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636: a 256-bit verifier (43 base64url characters) and its S256 challenge. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The `state` parameter: 256 random bits, compared in constant time on the way back. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
