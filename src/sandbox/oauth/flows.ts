import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../db.js';
import type { SandboxClock } from '../clock.js';
import { newToken } from './jwt.js';

/**
 * The short-lived state of the interactive flows: consent pages waiting for a decision,
 * authorization codes waiting to be exchanged, and device authorizations waiting for the user.
 * Everything is stored (tables `oauth_*`) so a file-backed sandbox keeps it across a restart.
 */
export const AUTH_CODE_TTL_MS = 5 * 60 * 1000;
export const CONSENT_TTL_MS = 10 * 60 * 1000;

export interface ConsentRecord {
  consent_id: string;
  client_id: string;
  redirect_uri: string;
  scopes: string;
  state: string | null;
  nonce: string | null;
  code_challenge: string | null;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
}

export interface CodeRecord {
  code: string;
  client_id: string;
  redirect_uri: string;
  scopes: string;
  nonce: string | null;
  code_challenge: string | null;
  created_at: number;
  expires_at: number;
  grant_id: string | null;
}

export type DeviceStatus = 'pending' | 'approved' | 'denied' | 'issued';

export interface DeviceRecord {
  device_code: string;
  user_code: string;
  client_id: string;
  scopes: string;
  status: DeviceStatus;
  interval_s: number;
  created_at: number;
  expires_at: number;
  last_polled_at: number | null;
}

/** Unambiguous letters for user codes (no vowels, so no words; no look-alikes). */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** `wdjb mjht`, `WDJB-MJHT` and `wdjbmjht` all name the same user code. */
export function normalizeUserCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

export class OAuthFlows {
  /** Device flow timing; tests may shorten it. The interval grows by 5 s on every `slow_down`. */
  deviceFlow = { intervalSeconds: 5, expiresInSeconds: 600 };

  constructor(
    private readonly db: Db,
    private readonly clock: SandboxClock,
  ) {}

  // ---- consent pages -----------------------------------------------------------------------

  createConsent(input: {
    client_id: string;
    redirect_uri: string;
    scopes: readonly string[];
    state: string | null;
    nonce: string | null;
    code_challenge: string | null;
  }): ConsentRecord {
    const now = this.clock.nowMs();
    const record: ConsentRecord = {
      consent_id: randomUUID(),
      ...input,
      scopes: input.scopes.join(' '),
      created_at: now,
      expires_at: now + CONSENT_TTL_MS,
      decided_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO oauth_consents (consent_id, client_id, redirect_uri, scopes, state, nonce, code_challenge, created_at, expires_at)
         VALUES (@consent_id, @client_id, @redirect_uri, @scopes, @state, @nonce, @code_challenge, @created_at, @expires_at)`,
      )
      .run(record);
    return record;
  }

  /** Takes the consent for its one decision; undefined when unknown, already decided or expired. */
  decideConsent(consentId: string): ConsentRecord | undefined {
    const now = this.clock.nowMs();
    const row = this.db.prepare('SELECT * FROM oauth_consents WHERE consent_id = ?').get(consentId) as
      ConsentRecord | undefined;
    if (!row || row.decided_at !== null || row.expires_at <= now) return undefined;
    this.db.prepare('UPDATE oauth_consents SET decided_at = ? WHERE consent_id = ?').run(now, consentId);
    return row;
  }

  // ---- authorization codes -----------------------------------------------------------------

  createCode(consent: ConsentRecord): string {
    const now = this.clock.nowMs();
    const code = newToken('sbx_ac_');
    this.db
      .prepare(
        `INSERT INTO oauth_codes (code, client_id, redirect_uri, scopes, nonce, code_challenge, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        code,
        consent.client_id,
        consent.redirect_uri,
        consent.scopes,
        consent.nonce,
        consent.code_challenge,
        now,
        now + AUTH_CODE_TTL_MS,
      );
    return code;
  }

  getCode(code: string): CodeRecord | undefined {
    return this.db.prepare('SELECT * FROM oauth_codes WHERE code = ?').get(code) as CodeRecord | undefined;
  }

  /** Marks the code as exchanged for `grantId`; false if it already was (a concurrent second exchange). */
  consumeCode(code: string, grantId: string): boolean {
    return (
      this.db.prepare('UPDATE oauth_codes SET grant_id = ? WHERE code = ? AND grant_id IS NULL').run(grantId, code)
        .changes === 1
    );
  }

  // ---- device authorizations ---------------------------------------------------------------

  createDeviceCode(clientId: string, scopes: readonly string[]): DeviceRecord {
    const now = this.clock.nowMs();
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO oauth_device_codes (device_code, user_code, client_id, scopes, interval_s, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (;;) {
      const letters = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join(
        '',
      );
      const record: DeviceRecord = {
        device_code: newToken('sbx_dc_'),
        user_code: normalizeUserCode(letters),
        client_id: clientId,
        scopes: scopes.join(' '),
        status: 'pending',
        interval_s: this.deviceFlow.intervalSeconds,
        created_at: now,
        expires_at: now + this.deviceFlow.expiresInSeconds * 1000,
        last_polled_at: null,
      };
      const inserted =
        insert.run(
          record.device_code,
          record.user_code,
          clientId,
          record.scopes,
          record.interval_s,
          now,
          record.expires_at,
        ).changes === 1;
      if (inserted) return record;
    }
  }

  getDevice(deviceCode: string): DeviceRecord | undefined {
    return this.db.prepare('SELECT * FROM oauth_device_codes WHERE device_code = ?').get(deviceCode) as
      DeviceRecord | undefined;
  }

  findDeviceByUserCode(userCode: string): DeviceRecord | undefined {
    return this.db.prepare('SELECT * FROM oauth_device_codes WHERE user_code = ?').get(normalizeUserCode(userCode)) as
      DeviceRecord | undefined;
  }

  setDeviceStatus(deviceCode: string, from: DeviceStatus, to: DeviceStatus): boolean {
    return (
      this.db
        .prepare('UPDATE oauth_device_codes SET status = ? WHERE device_code = ? AND status = ?')
        .run(to, deviceCode, from).changes === 1
    );
  }

  /** Records a poll; returns the interval in force (raised by 5 s when `slowDown`). */
  recordPoll(deviceCode: string, slowDown: boolean): number {
    const now = this.clock.nowMs();
    const bump = slowDown ? 5 : 0;
    this.db
      .prepare('UPDATE oauth_device_codes SET last_polled_at = ?, interval_s = interval_s + ? WHERE device_code = ?')
      .run(now, bump, deviceCode);
    return this.getDevice(deviceCode)?.interval_s ?? 0;
  }
}
