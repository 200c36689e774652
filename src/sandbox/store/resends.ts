import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Resends to non-openers (`/emails/activities/{id}/non_opener_resends`): at most one per campaign,
 * kept as requested. The sandbox stores them and never sends them (README "Resends to non-openers").
 */

export const resendsSchema = [
  `CREATE TABLE IF NOT EXISTS email_resends (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     campaign_id TEXT NOT NULL UNIQUE,
     campaign_activity_id TEXT NOT NULL,
     resend_request_id TEXT NOT NULL,
     resend_subject TEXT NOT NULL,
     delay_minutes INTEGER NOT NULL,
     in_days INTEGER NOT NULL,          -- 1 when asked for in delay_days: the answers then show delay_days
     created_at TEXT NOT NULL
   )`,
];

export interface Resend {
  campaign_id: string;
  campaign_activity_id: string;
  resend_request_id: string;
  resend_subject: string;
  delay_minutes: number;
  in_days: number;
}

export function findResend(db: Db, campaignId: string): Resend | undefined {
  return sql(db, 'SELECT * FROM email_resends WHERE campaign_id = ?').get(campaignId) as Resend | undefined;
}

/** Stores the resend; its request id is `DRAFT` for a draft activity, else a number unique in the sandbox. */
export function insertResend(
  db: Db,
  resend: Omit<Resend, 'resend_request_id'> & { draft: boolean },
  now: string,
): Resend {
  const { draft, ...row } = resend;
  const info = sql(
    db,
    `INSERT INTO email_resends (campaign_id, campaign_activity_id, resend_request_id, resend_subject, delay_minutes, in_days, created_at)
     VALUES (?, ?, 'DRAFT', ?, ?, ?, ?)`,
  ).run(row.campaign_id, row.campaign_activity_id, row.resend_subject, row.delay_minutes, row.in_days, now);
  if (!draft) {
    // Numbered like the API's examples (`389093`): from the row's own sequence, so ids never repeat.
    sql(db, 'UPDATE email_resends SET resend_request_id = ? WHERE seq = ?').run(
      String(389_092 + Number(info.lastInsertRowid)),
      info.lastInsertRowid,
    );
  }
  return findResend(db, row.campaign_id) as Resend;
}

export function deleteResend(db: Db, campaignId: string): void {
  sql(db, 'DELETE FROM email_resends WHERE campaign_id = ?').run(campaignId);
}
