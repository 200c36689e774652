/**
 * What goes into run records: JSON capped at 64 KB an operation (a cut payload keeps its first 64 KB
 * as text, marked), with anything that looks like a secret replaced. Tokens never reach the ledger.
 */
export const PAYLOAD_CAP_BYTES = 64 * 1024;

const SECRET_KEY =
  /^(authorization|access_token|refresh_token|id_token|token|client_secret|password|api_key|x-api-key)$/i;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

export interface Capped {
  /** JSON text, or null for undefined. */
  text: string | null;
  truncated: boolean;
}

function redacting(key: string, v: unknown): unknown {
  if (key && SECRET_KEY.test(key)) return '[redacted]';
  if (typeof v === 'string' && v.includes('Bearer ')) return v.replace(BEARER, 'Bearer [redacted]');
  return v;
}

/** JSON text with secrets replaced ('null' for undefined). */
export function redactedJson(value: unknown): string {
  return JSON.stringify(value, redacting) ?? 'null';
}

/** A payload for the inspector: redacted, and cut at `cap` bytes with a marker saying so. */
export function capPayload(value: unknown, cap = PAYLOAD_CAP_BYTES): Capped {
  if (value === undefined) return { text: null, truncated: false };
  const text = redactedJson(value);
  if (text.length * 3 <= cap || Buffer.byteLength(text) <= cap) return { text, truncated: false };
  const preview = Buffer.from(text).subarray(0, cap).toString('utf8');
  return {
    text: JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text), preview }),
    truncated: true,
  };
}

/** Full JSON for the engine's own use while a bundle is in progress (redacted, never capped). */
export function fullPayload(value: unknown): string {
  return redactedJson(value);
}
