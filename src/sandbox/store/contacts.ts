import { randomUUID } from 'node:crypto';
import type { Db } from '../db.js';
import { dateOnly, placeholders, rawSql, sql } from './sql.js';

/**
 * The contacts store: plain synchronous SQLite functions over the shared `contacts` and
 * `list_memberships` tables (schema.ts). HTTP handlers, bulk activities, the email engine and the
 * seed all change contacts through these functions, so the rules that span them (soft delete strips
 * memberships, membership changes bump `updated_at`, unsubscribing leaves every list) live in one
 * place. Every function takes the sandbox time (`now`, ISO-8601) instead of reading a clock.
 */

export type Permission = 'explicit' | 'implicit' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';
export type Source = 'Account' | 'Contact';

/** One row of `contacts`, exactly as stored. The JSON columns hold the subresources in API shape. */
export interface ContactRow {
  seq: number;
  contact_id: string;
  email_address: string | null;
  email_key: string | null;
  permission_to_send: Permission | null;
  email_created_at: string | null;
  email_updated_at: string | null;
  opt_in_source: Source | null;
  opt_in_date: string | null;
  opt_out_source: Source | null;
  opt_out_date: string | null;
  opt_out_reason: string | null;
  confirm_status: string | null;
  first_name: string | null;
  last_name: string | null;
  job_title: string | null;
  company_name: string | null;
  birthday_month: number | null;
  birthday_day: number | null;
  anniversary: string | null;
  create_source: Source;
  update_source: Source | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  custom_fields: string;
  phone_numbers: string;
  street_addresses: string;
  taggings: string;
  notes: string;
}

export interface CustomFieldValue {
  custom_field_id: string;
  value: string;
}
export interface PhoneNumber {
  phone_number_id: string;
  phone_number: string;
  kind?: string;
  created_at: string;
  updated_at: string;
  create_source: Source;
  update_source: Source;
}
export interface StreetAddress {
  street_address_id: string;
  kind: string;
  street?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  created_at: string;
  updated_at: string;
}
export interface Note {
  note_id: string;
  created_at: string;
  content: string;
}

/** Columns a caller may set; the store fills ids, seq and bookkeeping. */
export type ContactColumns = Omit<
  ContactRow,
  'seq' | 'contact_id' | 'email_key' | 'created_at' | 'updated_at' | 'deleted_at'
>;

const COLUMN_NAMES = [
  'email_address',
  'permission_to_send',
  'email_created_at',
  'email_updated_at',
  'opt_in_source',
  'opt_in_date',
  'opt_out_source',
  'opt_out_date',
  'opt_out_reason',
  'confirm_status',
  'first_name',
  'last_name',
  'job_title',
  'company_name',
  'birthday_month',
  'birthday_day',
  'anniversary',
  'create_source',
  'update_source',
  'custom_fields',
  'phone_numbers',
  'street_addresses',
  'taggings',
  'notes',
] as const satisfies readonly (keyof ContactColumns)[];

/** The case-insensitive key that makes an email address unique in the account. */
export function emailKey(address: string): string {
  return address.trim().toLowerCase();
}

/** The email columns of a contact without an address (a new one, or one whose PUT left the address out). */
export const NO_EMAIL_COLUMNS = {
  email_address: null,
  permission_to_send: null,
  email_created_at: null,
  email_updated_at: null,
  opt_in_source: null,
  opt_in_date: null,
  opt_out_source: null,
  opt_out_date: null,
  opt_out_reason: null,
  confirm_status: null,
} as const satisfies Partial<ContactColumns>;

export function emptyColumns(createSource: Source): ContactColumns {
  return {
    ...NO_EMAIL_COLUMNS,
    first_name: null,
    last_name: null,
    job_title: null,
    company_name: null,
    birthday_month: null,
    birthday_day: null,
    anniversary: null,
    create_source: createSource,
    update_source: null,
    custom_fields: '[]',
    phone_numbers: '[]',
    street_addresses: '[]',
    taggings: '[]',
    notes: '[]',
  };
}

/** Every column of `contacts`, in the order `selectContacts` reads them. */
const ROW_COLUMNS = [
  'seq',
  'contact_id',
  'email_key',
  'created_at',
  'updated_at',
  'deleted_at',
  ...COLUMN_NAMES,
] as const satisfies readonly (keyof ContactRow)[];
const SELECT_ROWS = `SELECT ${ROW_COLUMNS.join(', ')} FROM contacts`;

/**
 * Reads contacts with `SELECT ... FROM contacts <tail>`. Rows come back as arrays and are turned into
 * objects here: better-sqlite3 builds wide row objects slowly (a 500-contact page took ~8x longer).
 */
export function selectContacts(db: Db, tail: string, args: readonly unknown[]): ContactRow[] {
  const rows = rawSql(db, `${SELECT_ROWS} ${tail}`).all(...args) as unknown[][];
  return rows.map(toRow);
}

function toRow(values: unknown[]): ContactRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < ROW_COLUMNS.length; i++) row[ROW_COLUMNS[i] as string] = values[i];
  return row as unknown as ContactRow;
}

// Whole statements as constants: the statement cache then hashes the same string object every call.
const SELECT_BY_ID = `${SELECT_ROWS} WHERE contact_id = ?`;
const SELECT_BY_EMAIL_KEY = `${SELECT_ROWS} WHERE email_key = ?`;

export function findContact(db: Db, contactId: string): ContactRow | undefined {
  const values = rawSql(db, SELECT_BY_ID).get(contactId) as unknown[] | undefined;
  return values && toRow(values);
}

/** The contact owning an address, deleted or not (addresses stay reserved after a soft delete). */
export function findContactByEmail(db: Db, address: string): ContactRow | undefined {
  const values = rawSql(db, SELECT_BY_EMAIL_KEY).get(emailKey(address)) as unknown[] | undefined;
  return values && toRow(values);
}

let idCounter = 0;

/**
 * A new contact id: UUID-shaped (version 7 layout) and increasing, so the indexes on contact_id
 * (the unique key, memberships) grow at their right edge instead of at random places, which keeps
 * million-contact imports fast. Time (48 bits), a process counter (32 bits), then random bits.
 */
export function newContactId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  const count = (idCounter = (idCounter + 1) % 0x100000000).toString(16).padStart(8, '0');
  const random = randomUUID().slice(-10);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${count.slice(0, 3)}-8${count.slice(3, 6)}-${count.slice(6)}${random}`;
}

const INSERT_NAMES = ['contact_id', 'email_key', 'created_at', 'updated_at', ...COLUMN_NAMES];
const INSERT_SQL = `INSERT INTO contacts (${INSERT_NAMES.join(', ')}) VALUES (${placeholders(INSERT_NAMES.length)})`;

/** Inserts a contact. The caller checks email uniqueness first (a duplicate throws a SQLite error). */
export function insertContact(db: Db, contactId: string, columns: ContactColumns, now: string): ContactRow {
  insertContactRow(db, contactId, columns, now);
  return findContact(db, contactId) as ContactRow;
}

/** insertContact without reading the row back (bulk imports insert tens of thousands at once). */
export function insertContactRow(db: Db, contactId: string, columns: ContactColumns, now: string): void {
  const key = columns.email_address === null ? null : emailKey(columns.email_address);
  sql(db, INSERT_SQL).run(contactId, key, now, now, ...COLUMN_NAMES.map((n) => columns[n]));
}

/** Sets the given columns and bumps `updated_at`. Returns false when the contact does not exist. */
export function updateContact(db: Db, contactId: string, patch: Partial<ContactColumns>, now: string): boolean {
  const names = COLUMN_NAMES.filter((n) => n in patch);
  const sets = names.map((n) => `${n} = ?`);
  const values: unknown[] = names.map((n) => patch[n]);
  if ('email_address' in patch) {
    sets.push('email_key = ?');
    values.push(
      patch.email_address === null || patch.email_address === undefined ? null : emailKey(patch.email_address),
    );
  }
  sets.push('updated_at = ?');
  values.push(now);
  return sql(db, `UPDATE contacts SET ${sets.join(', ')} WHERE contact_id = ?`).run(...values, contactId).changes > 0;
}

/** Bumps `updated_at` (a contact's membership changed, facts §1.8). */
export function touchContacts(db: Db, contactIds: readonly string[], now: string): void {
  const touch = sql(db, 'UPDATE contacts SET updated_at = ? WHERE contact_id = ?');
  for (const id of contactIds) touch.run(now, id);
}

/**
 * Soft delete (facts §4.6): the row stays (its address stays reserved), `deleted_at` gets today's
 * date, every list membership goes, and `updated_at` is bumped so pollers on `updated_after` see it.
 * Deleting a deleted contact changes nothing. Returns false when the contact does not exist.
 */
export function softDeleteContact(db: Db, contactId: string, now: string): boolean {
  const row = findContact(db, contactId);
  if (!row) return false;
  if (row.deleted_at !== null) return true;
  sql(db, 'DELETE FROM list_memberships WHERE contact_id = ?').run(contactId);
  sql(db, 'UPDATE contacts SET deleted_at = ?, updated_at = ? WHERE contact_id = ?').run(dateOnly(now), now, contactId);
  return true;
}

/** Clears `deleted_at`. An unsubscribed contact comes back unsubscribed (compliance, facts §4.6). */
export function reviveContact(db: Db, contactId: string, now: string): void {
  sql(db, 'UPDATE contacts SET deleted_at = NULL, updated_at = ? WHERE contact_id = ? AND deleted_at IS NOT NULL').run(
    now,
    contactId,
  );
}

/**
 * Unsubscribes a contact's email address: `permission_to_send` becomes `unsubscribed` with the
 * opt-out source, date and reason, and the contact leaves every list (Constant Contact removes
 * unsubscribed contacts from all lists; bulk adds skip them afterwards). `at` is the opt-out time.
 * Returns false when the contact does not exist or has no email address.
 */
export function unsubscribe(db: Db, contactId: string, at: string, source: Source, reason?: string | null): boolean {
  const row = findContact(db, contactId);
  if (!row || row.email_address === null) return false;
  sql(db, 'DELETE FROM list_memberships WHERE contact_id = ?').run(contactId);
  sql(
    db,
    `UPDATE contacts SET permission_to_send = 'unsubscribed', opt_out_source = ?, opt_out_date = ?, opt_out_reason = ?,
       email_updated_at = ?, updated_at = ? WHERE contact_id = ?`,
  ).run(source, at, reason ?? null, at, at, contactId);
  return true;
}

/** Gives an address `permission_to_send` again, clearing the opt-out (sign_up_form, an explicit PUT). */
export function resubscribe(
  db: Db,
  contactId: string,
  permission: Exclude<Permission, 'unsubscribed'>,
  source: Source,
  now: string,
): void {
  sql(
    db,
    `UPDATE contacts SET permission_to_send = ?, opt_in_source = COALESCE(opt_in_source, ?), opt_in_date = ?,
       opt_out_source = NULL, opt_out_date = NULL, opt_out_reason = NULL, email_updated_at = ?, updated_at = ?
     WHERE contact_id = ?`,
  ).run(permission, source, now, now, now, contactId);
}

/** A contact that can receive email: not deleted, has an address, not unsubscribed. */
export interface MailableContact {
  seq: number;
  contact_id: string;
  email_address: string;
  first_name: string | null;
  last_name: string | null;
  permission_to_send: Permission;
}

/**
 * The distinct active members of any of the lists, in creation order: what a campaign sent to those
 * lists reaches. Deleted contacts hold no memberships; unsubscribed ones and those without an email
 * address are left out as well.
 */
export function activeMembersOfLists(db: Db, listIds: readonly string[]): MailableContact[] {
  if (listIds.length === 0) return [];
  return sql(
    db,
    `SELECT c.seq, c.contact_id, c.email_address, c.first_name, c.last_name, c.permission_to_send
       FROM contacts c
      WHERE c.contact_id IN (SELECT m.contact_id FROM list_memberships m WHERE m.list_id IN (SELECT value FROM json_each(?)))
        AND c.deleted_at IS NULL AND c.email_address IS NOT NULL AND c.permission_to_send <> 'unsubscribed'
      ORDER BY c.seq`,
  ).all(JSON.stringify(listIds)) as MailableContact[];
}

/** The list ids a contact belongs to, in list creation order. */
export function membershipsOf(db: Db, contactId: string): string[] {
  return (
    sql(
      db,
      `SELECT m.list_id FROM list_memberships m LEFT JOIN contact_lists l ON l.list_id = m.list_id
        WHERE m.contact_id = ? ORDER BY l.seq`,
    ).all(contactId) as { list_id: string }[]
  ).map((r) => r.list_id);
}

/** Memberships of many contacts at once (one query for a whole page). */
export function membershipsOfMany(db: Db, contactIds: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (contactIds.length === 0) return out;
  const rows = sql(
    db,
    `SELECT m.contact_id, m.list_id FROM list_memberships m LEFT JOIN contact_lists l ON l.list_id = m.list_id
      WHERE m.contact_id IN (SELECT value FROM json_each(?)) ORDER BY l.seq`,
  ).all(JSON.stringify(contactIds)) as { contact_id: string; list_id: string }[];
  for (const { contact_id, list_id } of rows) {
    const ids = out.get(contact_id);
    if (ids) ids.push(list_id);
    else out.set(contact_id, [list_id]);
  }
  return out;
}

/**
 * Replaces a contact's memberships with `listIds` (PUT/POST semantics). Bumps `updated_at` when the
 * set changed, and revives a deleted contact that gains a list (facts §4.6).
 */
export function setMemberships(db: Db, contactId: string, listIds: readonly string[], now: string): void {
  const current = new Set(membershipsOf(db, contactId));
  const wanted = new Set(listIds);
  const remove = sql(db, 'DELETE FROM list_memberships WHERE list_id = ? AND contact_id = ?');
  const add = sql(db, 'INSERT OR IGNORE INTO list_memberships (list_id, contact_id) VALUES (?, ?)');
  let changed = false;
  for (const id of current) if (!wanted.has(id)) changed = remove.run(id, contactId).changes > 0 || changed;
  for (const id of wanted) if (!current.has(id)) changed = add.run(id, contactId).changes > 0 || changed;
  if (changed) touchContacts(db, [contactId], now);
  if (wanted.size > 0) reviveContact(db, contactId, now);
}

/** Adds memberships (keeps the others). Returns how many were new. Revives a deleted contact. */
export function addMemberships(db: Db, contactId: string, listIds: readonly string[], now: string): number {
  const add = sql(db, 'INSERT OR IGNORE INTO list_memberships (list_id, contact_id) VALUES (?, ?)');
  let added = 0;
  for (const id of listIds) added += add.run(id, contactId).changes;
  if (added > 0) touchContacts(db, [contactId], now);
  if (listIds.length > 0) reviveContact(db, contactId, now);
  return added;
}

/** Memberships of a contact created in the same operation: nothing to bump or revive. */
export function insertMemberships(db: Db, contactId: string, listIds: readonly string[]): void {
  const add = sql(db, 'INSERT OR IGNORE INTO list_memberships (list_id, contact_id) VALUES (?, ?)');
  for (const id of listIds) add.run(id, contactId);
}

/** Removes memberships. Returns how many existed. */
export function removeMemberships(db: Db, contactId: string, listIds: readonly string[], now: string): number {
  const remove = sql(db, 'DELETE FROM list_memberships WHERE list_id = ? AND contact_id = ?');
  let removed = 0;
  for (const id of listIds) removed += remove.run(id, contactId).changes;
  if (removed > 0) touchContacts(db, [contactId], now);
  return removed;
}

/** How many contacts the account holds that are not deleted. */
export function countContacts(db: Db): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM contacts WHERE deleted_at IS NULL').get() as { n: number }).n;
}
