import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SecretKeyError, TokenDecryptError } from './errors.js';
import { ensurePrivateDir, fsyncDir, isErrno, privateFileProblem } from './fs-atomic.js';

/**
 * Tokens at rest: AES-256-GCM in a versioned envelope. The associated data binds the envelope's own
 * header, the connection name and where the tokens may go (its API base, OAuth base and client id),
 * so a ciphertext copied to another connection, a header edited by hand, or an `api_base` pointed at
 * another host fails authentication exactly like a flipped ciphertext bit: the bearer token is never
 * sent somewhere the user did not connect to.
 *
 * Version 1 envelopes (before the bases were bound) are refused with "reconnect": nothing in them
 * proves the bases were not edited since.
 */
export const ENVELOPE_VERSION = 2;
export const ENVELOPE_ALG = 'A256GCM';

export interface TokenEnvelope {
  v: typeof ENVELOPE_VERSION;
  alg: typeof ENVELOPE_ALG;
  /** Short fingerprint of the key that sealed it: tells "wrong key" apart from "tampered". */
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface SecretKey {
  key: Buffer;
  kid: string;
  /** Where the key came from, for messages (never the key itself). */
  source: 'CTCT_SECRET_KEY' | 'key file';
  path?: string;
}

const KEY_BYTES = 32;

export function keyId(key: Buffer): string {
  return createHash('sha256').update('ctct-connect key id').update(key).digest('hex').slice(0, 12);
}

/** Accepts 64 hex characters or base64 / base64url of exactly 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SecretKeyError(
    `CTCT_SECRET_KEY is not a 32-byte key (expected 64 hex characters or 44 base64 characters, ` +
      `got ${value.length} characters)`,
    'generate one with `openssl rand -base64 32` (or unset CTCT_SECRET_KEY to use the generated key file)',
    2,
  );
}

/** The key from `CTCT_SECRET_KEY`, else the key file (created on first use with mode 0600). */
export async function loadSecretKey(keyFile: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretKey> {
  const fromEnv = env.CTCT_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseSecretKey(fromEnv);
    return { key, kid: keyId(key), source: 'CTCT_SECRET_KEY' };
  }
  const existing = await readKeyFile(keyFile);
  const key = existing ?? (await createKeyFile(keyFile));
  return { key, kid: keyId(key), source: 'key file', path: keyFile };
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw new SecretKeyError(`cannot open the key file ${path}: ${(err as Error).message}`);
  }
  try {
    // The checks run on the opened descriptor, so the file cannot be swapped between check and read.
    const problem = privateFileProblem(path, await handle.stat(), 'key file');
    if (problem)
      throw new SecretKeyError(
        problem.message,
        problem.message.includes('another user') ? 'remove it or set CTCT_SECRET_KEY' : problem.hint,
      );
    const text = (await handle.readFile('utf8')).trim();
    try {
      return parseSecretKey(text);
    } catch {
      throw new SecretKeyError(
        `the key file ${path} does not hold a 32-byte key`,
        'restore it from a backup, or remove it and reconnect every connection',
      );
    }
  } finally {
    await handle.close();
  }
}

/** Creates the key file atomically: written privately under a temporary name, then linked into place. */
async function createKeyFile(path: string): Promise<Buffer> {
  await ensurePrivateDir(dirname(path));
  const key = randomBytes(KEY_BYTES);
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
    // Another process created it first: everyone must use that one.
    const theirs = await readKeyFile(path);
    if (!theirs) throw err;
    return theirs;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await fsyncDir(dirname(path));
  return key;
}

/** Where a connection's tokens may be sent: bound into the envelope's associated data. */
export interface TokenBinding {
  api_base: string;
  oauth_base: string;
  client_id: string;
}

function associatedData(connection: string, kid: string, binding: TokenBinding): Buffer {
  return Buffer.from(
    JSON.stringify([
      'ctct-connect tokens',
      ENVELOPE_VERSION,
      ENVELOPE_ALG,
      kid,
      connection,
      binding.api_base,
      binding.oauth_base,
      binding.client_id,
    ]),
  );
}

export function seal(secret: SecretKey, connection: string, binding: TokenBinding, plaintext: string): TokenEnvelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret.key, iv);
  cipher.setAAD(associatedData(connection, secret.kid, binding));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: ENVELOPE_VERSION,
    alg: ENVELOPE_ALG,
    kid: secret.kid,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

export function unseal(secret: SecretKey, connection: string, binding: TokenBinding, envelope: unknown): string {
  const reconnect = `reconnect with \`ctct connect --name ${connection}\``;
  if (!isEnvelopeShape(envelope)) {
    throw new TokenDecryptError(
      `the stored tokens of connection "${connection}" are not a valid encrypted envelope`,
      reconnect,
    );
  }
  if (envelope.v === 1 && envelope.alg === ENVELOPE_ALG) {
    throw new TokenDecryptError(
      `the tokens of connection "${connection}" were sealed by an older ctct-connect that did not ` +
        `bind them to the connection's API base, OAuth base and client id, so they are no longer used`,
      `${reconnect} (once; the new file is bound)`,
    );
  }
  if (envelope.v !== ENVELOPE_VERSION || envelope.alg !== ENVELOPE_ALG) {
    throw new TokenDecryptError(
      `the stored tokens of connection "${connection}" use an unsupported format (v=${String(envelope.v)}, ` +
        `alg=${String(envelope.alg)})`,
      'upgrade ctct-connect, or ' + reconnect,
    );
  }
  if (envelope.kid !== secret.kid) {
    throw new TokenDecryptError(
      `the tokens of connection "${connection}" were encrypted with a different key (key id ${envelope.kid}; ` +
        `the ${secret.source} has key id ${secret.kid})`,
      `use the key that was in effect when it was created (CTCT_SECRET_KEY or the key file), or ${reconnect}`,
    );
  }
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) {
    throw new TokenDecryptError(
      `the stored tokens of connection "${connection}" failed authentication: the envelope was modified or corrupted`,
      reconnect,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret.key, iv);
    decipher.setAAD(associatedData(connection, envelope.kid, binding));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptError(
      `the stored tokens of connection "${connection}" failed authentication: ` +
        `its api_base (${binding.api_base}), oauth_base or client_id is not the one the tokens were ` +
        `sealed for (the file was edited), or the ciphertext was modified or corrupted; the tokens are not used`,
      `${reconnect} to the service you mean (an edited base is never trusted with the tokens)`,
    );
  }
}

function isEnvelopeShape(
  value: unknown,
): value is { v: unknown; alg: unknown; kid: string; iv: string; tag: string; ct: string } {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.kid === 'string' && typeof e.iv === 'string' && typeof e.tag === 'string' && typeof e.ct === 'string';
}
