import type { SandboxContext } from '../context.js';

/**
 * The account itself: the owner's profile, the organization's physical address, the account email
 * addresses (senders must be CONFIRMED ones, facts §5.2) and the daily test-send counter.
 *
 * Every sandbox has an account, even with the `empty` seed: the first read creates the default one
 * (see DEFAULT_ACCOUNT), so a reset, which empties these tables, brings it back on the next request.
 */

export const accountSchema = [
  `CREATE TABLE IF NOT EXISTS account_profile (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     encoded_account_id TEXT NOT NULL,
     first_name TEXT, last_name TEXT,
     contact_email TEXT, contact_phone TEXT,
     organization_name TEXT, organization_phone TEXT,
     country_code TEXT, state_code TEXT, time_zone_id TEXT, website TEXT,
     physical_address TEXT,                 -- JSON AccountPhysicalAddress, or NULL when none is saved
     company_logo TEXT                      -- JSON CompanyLogo, or NULL
   )`,
  `CREATE TABLE IF NOT EXISTS account_emails (
     email_id INTEGER PRIMARY KEY AUTOINCREMENT,
     email_address TEXT NOT NULL,
     email_key TEXT NOT NULL UNIQUE,        -- lower-cased: the same address twice is a 409
     confirm_status TEXT NOT NULL,          -- CONFIRMED | UNCONFIRMED
     confirm_time TEXT,
     confirm_source_type TEXT,
     roles TEXT NOT NULL DEFAULT '[]',
     pending_roles TEXT NOT NULL DEFAULT '[]'
   )`,
  `CREATE TABLE IF NOT EXISTS account_test_sends (
     day TEXT PRIMARY KEY,                  -- YYYY-MM-DD of the sandbox clock, UTC
     recipients INTEGER NOT NULL
   )`,
];

export interface AccountPhysicalAddress {
  address_line1: string;
  address_line2?: string;
  address_line3?: string;
  city: string;
  state_code?: string;
  state_name?: string;
  postal_code?: string;
  country_code: string;
}

export interface AccountProfile {
  encoded_account_id: string;
  first_name: string | null;
  last_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  organization_name: string | null;
  organization_phone: string | null;
  country_code: string | null;
  state_code: string | null;
  time_zone_id: string | null;
  website: string | null;
  physical_address: AccountPhysicalAddress | null;
  company_logo: Record<string, string> | null;
}

export interface AccountEmail {
  email_id: number;
  email_address: string;
  confirm_status: 'CONFIRMED' | 'UNCONFIRMED';
  confirm_time: string | null;
  confirm_source_type: string | null;
  roles: string[];
  pending_roles: string[];
}

/** The account every sandbox starts with (documented in src/sandbox/README.md). */
export const DEFAULT_ACCOUNT = {
  profile: {
    encoded_account_id: 'a07e1sandbox0001',
    first_name: 'Sam',
    last_name: 'Sandbox',
    contact_email: 'owner@example.com',
    contact_phone: '555-0100',
    organization_name: 'Sandbox Organization',
    organization_phone: '555-0100',
    country_code: 'US',
    state_code: 'MA',
    time_zone_id: 'America/New_York',
    website: 'https://www.example.com',
    physical_address: {
      address_line1: '100 Sandbox Way',
      city: 'Springfield',
      state_code: 'MA',
      postal_code: '01101',
      country_code: 'US',
    } satisfies AccountPhysicalAddress,
  },
  /** The one confirmed sender: usable as from_email and reply_to_email right away. */
  senderEmail: 'owner@example.com',
} as const;

interface ProfileRow extends Omit<AccountProfile, 'physical_address' | 'company_logo'> {
  physical_address: string | null;
  company_logo: string | null;
}

interface EmailRow extends Omit<AccountEmail, 'roles' | 'pending_roles'> {
  roles: string;
  pending_roles: string;
}

/** Creates the default account when the tables are empty (first use, or after a reset). */
export function ensureAccount(ctx: SandboxContext): void {
  const exists = ctx.db.prepare('SELECT 1 FROM account_profile WHERE id = 1').get();
  if (exists) return;
  const p = DEFAULT_ACCOUNT.profile;
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO account_profile (id, encoded_account_id, first_name, last_name, contact_email, contact_phone,
           organization_name, organization_phone, country_code, state_code, time_zone_id, website, physical_address)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.encoded_account_id,
        p.first_name,
        p.last_name,
        p.contact_email,
        p.contact_phone,
        p.organization_name,
        p.organization_phone,
        p.country_code,
        p.state_code,
        p.time_zone_id,
        p.website,
        JSON.stringify(p.physical_address),
      );
    const alreadyThere = ctx.db
      .prepare('SELECT 1 FROM account_emails WHERE email_key = ?')
      .get(DEFAULT_ACCOUNT.senderEmail);
    if (!alreadyThere) {
      ctx.db
        .prepare(
          `INSERT INTO account_emails (email_address, email_key, confirm_status, confirm_time, confirm_source_type, roles)
           VALUES (?, ?, 'CONFIRMED', ?, 'SITE_OWNER', ?)`,
        )
        .run(
          DEFAULT_ACCOUNT.senderEmail,
          DEFAULT_ACCOUNT.senderEmail,
          ctx.clock.nowIso(),
          JSON.stringify(['CONTACT', 'BILLING', 'REPLY_TO']),
        );
    }
  })();
}

export function getProfile(ctx: SandboxContext): AccountProfile {
  ensureAccount(ctx);
  const row = ctx.db.prepare('SELECT * FROM account_profile WHERE id = 1').get() as ProfileRow & { id: number };
  const { id: _id, physical_address, company_logo, ...rest } = row;
  return {
    ...rest,
    physical_address: physical_address ? (JSON.parse(physical_address) as AccountPhysicalAddress) : null,
    company_logo: company_logo ? (JSON.parse(company_logo) as Record<string, string>) : null,
  };
}

/** Replaces the saved physical address (used by seeds and by tests that need a different one). */
export function setPhysicalAddress(ctx: SandboxContext, address: AccountPhysicalAddress | null): void {
  ensureAccount(ctx);
  ctx.db
    .prepare('UPDATE account_profile SET physical_address = ? WHERE id = 1')
    .run(address ? JSON.stringify(address) : null);
}

function toEmail(row: EmailRow): AccountEmail {
  return { ...row, roles: JSON.parse(row.roles) as string[], pending_roles: JSON.parse(row.pending_roles) as string[] };
}

export interface AccountEmailFilter {
  confirm_status?: 'CONFIRMED' | 'UNCONFIRMED';
  role?: string;
  email_address?: string;
}

export function listAccountEmails(ctx: SandboxContext, filter: AccountEmailFilter = {}): AccountEmail[] {
  ensureAccount(ctx);
  const rows = (ctx.db.prepare('SELECT * FROM account_emails ORDER BY email_id').all() as EmailRow[]).map(toEmail);
  return rows.filter(
    (e) =>
      (filter.confirm_status === undefined || e.confirm_status === filter.confirm_status) &&
      (filter.role === undefined || e.roles.includes(filter.role) || e.pending_roles.includes(filter.role)) &&
      (filter.email_address === undefined || e.email_address.toLowerCase() === filter.email_address.toLowerCase()),
  );
}

export function findAccountEmail(ctx: SandboxContext, address: string): AccountEmail | undefined {
  ensureAccount(ctx);
  const row = ctx.db.prepare('SELECT * FROM account_emails WHERE email_key = ?').get(address.toLowerCase()) as
    EmailRow | undefined;
  return row ? toEmail(row) : undefined;
}

/** true when `address` is an account email in CONFIRMED status (the rule for from/reply-to). */
export function isConfirmedSender(ctx: SandboxContext, address: string): boolean {
  return findAccountEmail(ctx, address)?.confirm_status === 'CONFIRMED';
}

/** Adds an UNCONFIRMED address; returns undefined when it already exists (the API's 409). */
export function addAccountEmail(ctx: SandboxContext, address: string): AccountEmail | undefined {
  ensureAccount(ctx);
  if (findAccountEmail(ctx, address)) return undefined;
  const id = ctx.db
    .prepare(`INSERT INTO account_emails (email_address, email_key, confirm_status) VALUES (?, ?, 'UNCONFIRMED')`)
    .run(address, address.toLowerCase()).lastInsertRowid;
  return toEmail(ctx.db.prepare('SELECT * FROM account_emails WHERE email_id = ?').get(id) as EmailRow);
}

/**
 * Marks an account email CONFIRMED, as the owner clicking the link in the confirmation message would.
 * The API has no call for this, so the sandbox exposes it to code (tests, seeds). false if unknown.
 */
export function confirmAccountEmail(ctx: SandboxContext, address: string): boolean {
  ensureAccount(ctx);
  return (
    ctx.db
      .prepare(
        `UPDATE account_emails SET confirm_status = 'CONFIRMED', confirm_time = ?, confirm_source_type = 'SITE_OWNER'
         WHERE email_key = ? AND confirm_status <> 'CONFIRMED'`,
      )
      .run(ctx.clock.nowIso(), address.toLowerCase()).changes > 0
  );
}

/** The daily test-send allowance (facts §5.3): 50 recipients per UTC day of the sandbox clock. */
export const TEST_SENDS_PER_DAY = 50;

/**
 * Counts `recipients` test emails against today's allowance. Returns false (and counts nothing) when
 * they would exceed it.
 */
export function consumeTestSends(ctx: SandboxContext, recipients: number): boolean {
  const day = ctx.clock.nowIso().slice(0, 10);
  const row = ctx.db.prepare('SELECT recipients FROM account_test_sends WHERE day = ?').get(day) as
    { recipients: number } | undefined;
  const used = row?.recipients ?? 0;
  if (used + recipients > TEST_SENDS_PER_DAY) return false;
  ctx.db
    .prepare(
      'INSERT INTO account_test_sends (day, recipients) VALUES (?, ?) ' +
        'ON CONFLICT(day) DO UPDATE SET recipients = excluded.recipients',
    )
    .run(day, used + recipients);
  return true;
}
