import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Contact counts by consent, the pending resubscribe requests, and the v2 to v3 id cross-references.
 * A resource's v2 id is its creation number (`seq`), the integer id the v2 API would have shown.
 */

export const contactExtrasSchema = [
  `CREATE TABLE IF NOT EXISTS contact_resubscribes (
     contact_id TEXT PRIMARY KEY,            -- a contact gets one resubscribe email, ever
     list_ids TEXT NOT NULL,                 -- JSON array: lists joined once the contact confirms
     requested_at TEXT NOT NULL,
     confirmed_at TEXT
   )`,
];

export interface ConsentCounts {
  total: number;
  explicit: number;
  implicit: number;
  pending: number;
  unsubscribed: number;
}

/** Live (not deleted) contacts, and how many are in each consent state. */
export function consentCounts(db: Db): ConsentCounts {
  return sql(
    db,
    `SELECT COUNT(*) AS total, COALESCE(SUM(permission_to_send = 'explicit'), 0) AS explicit,
       COALESCE(SUM(permission_to_send = 'implicit'), 0) AS implicit,
       COALESCE(SUM(permission_to_send = 'pending_confirmation'), 0) AS pending,
       COALESCE(SUM(permission_to_send = 'unsubscribed'), 0) AS unsubscribed
     FROM contacts WHERE deleted_at IS NULL`,
  ).get() as ConsentCounts;
}

/** Live, subscribed (explicit or implicit) contacts whose opt-in is at or after `since`. */
export function newSubscriberCount(db: Db, since: string): number {
  return (
    sql(
      db,
      `SELECT COUNT(*) AS n FROM contacts WHERE deleted_at IS NULL AND permission_to_send IN ('explicit', 'implicit')
       AND COALESCE(opt_in_date, created_at) >= ?`,
    ).get(since) as { n: number }
  ).n;
}

export function findResubscribe(
  db: Db,
  contactId: string,
): { list_ids: string; confirmed_at: string | null } | undefined {
  return sql(db, 'SELECT list_ids, confirmed_at FROM contact_resubscribes WHERE contact_id = ?').get(contactId) as
    { list_ids: string; confirmed_at: string | null } | undefined;
}

export function insertResubscribe(db: Db, contactId: string, listIds: readonly string[], now: string): void {
  sql(db, 'INSERT INTO contact_resubscribes (contact_id, list_ids, requested_at) VALUES (?, ?, ?)').run(
    contactId,
    JSON.stringify(listIds),
    now,
  );
}

export function markResubscribeConfirmed(db: Db, contactId: string, now: string): void {
  sql(db, 'UPDATE contact_resubscribes SET confirmed_at = ? WHERE contact_id = ?').run(now, contactId);
}

/** `{sequence_id, <id column>}` pairs for the given v2 ids that exist, ascending by sequence id. */
export function crossReferences(
  db: Db,
  table: 'contacts' | 'contact_lists',
  idColumn: 'contact_id' | 'list_id',
  sequenceIds: readonly number[],
): { seq: number; id: string }[] {
  return sql(
    db,
    `SELECT seq, ${idColumn} AS id FROM ${table} WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  ).all(JSON.stringify(sequenceIds)) as { seq: number; id: string }[];
}

/** Campaigns by creation number, with their primary activity. */
export function campaignCrossReferences(
  db: Db,
  sequenceIds: readonly number[],
): { seq: number; campaign_id: string; campaign_activity_id: string }[] {
  return sql(
    db,
    `SELECT c.seq, c.campaign_id, a.campaign_activity_id FROM email_campaigns c
     JOIN email_activities a ON a.campaign_id = c.campaign_id AND a.role = 'primary_email'
     WHERE c.seq IN (SELECT value FROM json_each(?)) ORDER BY c.seq`,
  ).all(JSON.stringify(sequenceIds)) as { seq: number; campaign_id: string; campaign_activity_id: string }[];
}
