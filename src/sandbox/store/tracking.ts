import type { SandboxContext } from '../context.js';

/**
 * What happened to sent email: the send history of each activity, the tracked links, and one row per
 * tracking event (sends, opens, clicks, forwards, opt-outs, bounces).
 *
 * The simulation writes an activity's whole event timeline when it is sent, with future timestamps;
 * every read takes "now" from the sandbox clock and shows only events with `at_ms <= now`, so moving
 * the clock forward reveals more. Email and contact reports read the same rows, so they always agree.
 */

export const trackingSchema = [
  `CREATE TABLE IF NOT EXISTS email_send_history (
     campaign_activity_id TEXT NOT NULL,
     send_id INTEGER NOT NULL,
     contact_list_ids TEXT NOT NULL,
     segment_ids TEXT NOT NULL,
     count INTEGER NOT NULL,
     run_date TEXT NOT NULL,
     send_status TEXT NOT NULL,             -- COMPLETED | ERRORED
     reason_code INTEGER NOT NULL,
     PRIMARY KEY (campaign_activity_id, send_id)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS email_links (
     url_id INTEGER PRIMARY KEY AUTOINCREMENT,
     campaign_activity_id TEXT NOT NULL,
     link_url TEXT NOT NULL,
     UNIQUE (campaign_activity_id, link_url)
   )`,
  `CREATE TABLE IF NOT EXISTS email_tracking (
     id INTEGER PRIMARY KEY,                -- insertion order: the tie-breaker between equal times
     campaign_activity_id TEXT NOT NULL,
     contact_id TEXT NOT NULL,
     send_id INTEGER NOT NULL,
     type TEXT NOT NULL,                    -- em_sends | em_opens | em_clicks | em_forwards | em_optouts | em_bounces
     at_ms INTEGER NOT NULL,
     email_address TEXT NOT NULL,           -- the address the email went to (a snapshot at send time)
     device_type TEXT,
     url_id INTEGER,
     bounce_code TEXT,
     opt_out_reason TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS email_tracking_report ON email_tracking(campaign_activity_id, type, at_ms, id)`,
  `CREATE INDEX IF NOT EXISTS email_tracking_contact ON email_tracking(contact_id, at_ms, id)`,
  // did-not-opens and unique opens look up one contact's events within an activity
  `CREATE INDEX IF NOT EXISTS email_tracking_activity_contact ON email_tracking(campaign_activity_id, ` +
    `contact_id, type, at_ms)`,
];

export type TrackingType = 'em_sends' | 'em_opens' | 'em_clicks' | 'em_forwards' | 'em_optouts' | 'em_bounces';

export interface TrackingEventInput {
  contact_id: string;
  type: TrackingType;
  at_ms: number;
  email_address: string;
  device_type?: string;
  url_id?: number;
  bounce_code?: string;
  opt_out_reason?: string;
}

export interface SendHistoryEntry {
  send_id: number;
  contact_list_ids: string[];
  segment_ids: number[];
  count: number;
  run_date: string;
  send_status: 'COMPLETED' | 'ERRORED';
  reason_code: number;
}

/** A tracking row joined with the contact as it is now (names, deletion, current address). */
export interface TrackingRow {
  id: number;
  campaign_activity_id: string;
  contact_id: string;
  type: TrackingType;
  at_ms: number;
  email_address: string;
  device_type: string | null;
  url_id: number | null;
  link_url: string | null;
  bounce_code: string | null;
  opt_out_reason: string | null;
  first_name: string | null;
  last_name: string | null;
  deleted_at: string | null;
  current_email_address: string | null;
}

/** A position in a newest-first listing: everything strictly older than (at, id) comes next. */
export interface TrackingPosition {
  at: number;
  id: number;
}

export function sendHistory(ctx: SandboxContext, activityId: string): SendHistoryEntry[] {
  const rows = ctx.db
    .prepare('SELECT * FROM email_send_history WHERE campaign_activity_id = ? ORDER BY send_id')
    .all(activityId) as (Omit<SendHistoryEntry, 'contact_list_ids' | 'segment_ids'> & {
    contact_list_ids: string;
    segment_ids: string;
  })[];
  return rows.map((r) => ({
    send_id: r.send_id,
    contact_list_ids: JSON.parse(r.contact_list_ids) as string[],
    segment_ids: JSON.parse(r.segment_ids) as number[],
    count: r.count,
    run_date: r.run_date,
    send_status: r.send_status,
    reason_code: r.reason_code,
  }));
}

export function nextSendId(ctx: SandboxContext, activityId: string): number {
  const row = ctx.db
    .prepare('SELECT COALESCE(MAX(send_id), 0) AS n FROM email_send_history WHERE campaign_activity_id = ?')
    .get(activityId) as { n: number };
  return row.n + 1;
}

export function hasBeenSent(ctx: SandboxContext, activityId: string): boolean {
  return (
    ctx.db
      .prepare(`SELECT 1 FROM email_send_history WHERE campaign_activity_id = ? AND send_status = 'COMPLETED' LIMIT 1`)
      .get(activityId) !== undefined
  );
}

/** Contacts that already received this activity (a re-send skips them, facts §5.3). */
export function contactsAlreadySent(ctx: SandboxContext, activityId: string): Set<string> {
  const rows = ctx.db
    .prepare(`SELECT contact_id FROM email_tracking WHERE campaign_activity_id = ? AND type = 'em_sends'`)
    .all(activityId) as { contact_id: string }[];
  return new Set(rows.map((r) => r.contact_id));
}

/** The url_id of each URL for this activity, creating ids for URLs not seen before. */
export function ensureLinks(ctx: SandboxContext, activityId: string, urls: readonly string[]): Map<string, number> {
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO email_links (campaign_activity_id, link_url) VALUES (?, ?)');
  for (const url of urls) insert.run(activityId, url);
  return new Map(activityLinks(ctx, activityId).map((l) => [l.link_url, l.url_id]));
}

export function activityLinks(ctx: SandboxContext, activityId: string): { url_id: number; link_url: string }[] {
  return ctx.db
    .prepare('SELECT url_id, link_url FROM email_links WHERE campaign_activity_id = ? ORDER BY url_id')
    .all(activityId) as {
    url_id: number;
    link_url: string;
  }[];
}

/** Distinct contacts that clicked each link, counting clicks visible at `now`. */
export function uniqueClicksByLink(ctx: SandboxContext, activityId: string, now: number): Map<number, number> {
  const rows = ctx.db
    .prepare(
      `SELECT url_id, COUNT(DISTINCT contact_id) AS n FROM email_tracking
       WHERE campaign_activity_id = ? AND type = 'em_clicks' AND at_ms <= ? GROUP BY url_id`,
    )
    .all(activityId, now) as { url_id: number; n: number }[];
  return new Map(rows.map((r) => [r.url_id, r.n]));
}

export interface RecordedSend {
  activityId: string;
  history: SendHistoryEntry;
  events: readonly TrackingEventInput[];
}

/** Stores one send: its history entry and every event of its timeline. */
export function recordSend(ctx: SandboxContext, send: RecordedSend): void {
  const h = send.history;
  const insertEvent = ctx.db.prepare(
    `INSERT INTO email_tracking (campaign_activity_id, contact_id, send_id, type, at_ms, email_address, ` +
      `device_type, url_id, bounce_code, opt_out_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO email_send_history (campaign_activity_id, send_id, contact_list_ids, segment_ids, count, ` +
          `run_date, send_status, reason_code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        send.activityId,
        h.send_id,
        JSON.stringify(h.contact_list_ids),
        JSON.stringify(h.segment_ids),
        h.count,
        h.run_date,
        h.send_status,
        h.reason_code,
      );
    for (const e of send.events) {
      insertEvent.run(
        send.activityId,
        e.contact_id,
        h.send_id,
        e.type,
        e.at_ms,
        e.email_address,
        e.device_type ?? null,
        e.url_id ?? null,
        e.bounce_code ?? null,
        e.opt_out_reason ?? null,
      );
    }
  })();
}

// ---- reports -------------------------------------------------------------------------------------

export type EmailReport =
  'sends' | 'opens' | 'unique_opens' | 'didnotopens' | 'clicks' | 'forwards' | 'optouts' | 'bounces';

export interface EmailReportQuery {
  activityId: string;
  report: EmailReport;
  now: number;
  limit: number;
  before?: TrackingPosition | undefined;
  bounceCodes?: readonly string[] | undefined;
  urlId?: number | undefined;
}

export interface TrackingPage {
  rows: TrackingRow[];
  /** Where the next page starts, when there is one. */
  next: TrackingPosition | null;
}

const ROW_COLUMNS = `e.id, e.campaign_activity_id, e.contact_id, e.type, e.at_ms, e.email_address, e.device_type, e.url_id,
  l.link_url, e.bounce_code, e.opt_out_reason, c.first_name, c.last_name, c.deleted_at, c.email_address AS current_email_address`;
const ROW_JOINS = `LEFT JOIN contacts c ON c.contact_id = e.contact_id LEFT JOIN email_links l ON l.url_id = e.url_id`;

/** Bounces after which the email was not delivered (V is an auto-reply: delivered). */
const UNDELIVERED_BOUNCES = `('B','D','F','S','X','Z')`;

const REPORT_TYPE: Record<Exclude<EmailReport, 'unique_opens' | 'didnotopens'>, TrackingType> = {
  sends: 'em_sends',
  opens: 'em_opens',
  clicks: 'em_clicks',
  forwards: 'em_forwards',
  optouts: 'em_optouts',
  bounces: 'em_bounces',
};

/** One page of an email tracking report, newest first. */
export function queryEmailReport(ctx: SandboxContext, q: EmailReportQuery): TrackingPage {
  const args: (string | number)[] = [];
  let source: string;
  if (q.report === 'unique_opens') {
    // one row per contact: that contact's latest visible open
    source = `(SELECT * FROM (
        SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.contact_id ORDER BY t.at_ms DESC, t.id DESC) AS rank_in_contact
        FROM email_tracking t WHERE t.campaign_activity_id = ? AND t.type = 'em_opens' AND t.at_ms <= ?
      ) WHERE rank_in_contact = 1)`;
    args.push(q.activityId, q.now);
  } else if (q.report === 'didnotopens') {
    // contacts sent the email that have not opened it (yet), excluding undelivered bounces
    source = `(SELECT t.* FROM email_tracking t WHERE t.campaign_activity_id = ? AND t.type = 'em_sends' AND t.at_ms <= ?
        AND NOT EXISTS (SELECT 1 FROM email_tracking o WHERE o.campaign_activity_id = t.campaign_activity_id AND o.contact_id = t.contact_id
                        AND o.type = 'em_opens' AND o.at_ms <= ?)
        AND NOT EXISTS (SELECT 1 FROM email_tracking b WHERE b.campaign_activity_id = t.campaign_activity_id AND b.contact_id = t.contact_id
                        AND b.type = 'em_bounces' AND b.bounce_code IN ${UNDELIVERED_BOUNCES} AND b.at_ms <= ?))`;
    args.push(q.activityId, q.now, q.now, q.now);
  } else {
    const filters = ['t.campaign_activity_id = ?', 't.type = ?', 't.at_ms <= ?'];
    args.push(q.activityId, REPORT_TYPE[q.report], q.now);
    if (q.report === 'bounces' && q.bounceCodes && q.bounceCodes.length > 0) {
      filters.push('t.bounce_code IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.bounceCodes));
    }
    if (q.report === 'clicks' && q.urlId !== undefined) {
      filters.push('t.url_id = ?');
      args.push(q.urlId);
    }
    source = `(SELECT t.* FROM email_tracking t WHERE ${filters.join(' AND ')})`;
  }
  return pageOf(ctx, source, args, q.limit, q.before);
}

function pageOf(
  ctx: SandboxContext,
  source: string,
  args: (string | number)[],
  limit: number,
  before: TrackingPosition | undefined,
): TrackingPage {
  const where = before ? 'WHERE (e.at_ms, e.id) < (?, ?)' : '';
  const allArgs = before ? [...args, before.at, before.id] : args;
  const rows = ctx.db
    .prepare(`SELECT ${ROW_COLUMNS} FROM ${source} e ${ROW_JOINS} ${where} ORDER BY e.at_ms DESC, e.id DESC LIMIT ?`)
    .all(...allArgs, limit + 1) as TrackingRow[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { at: last.at_ms, id: last.id } : null };
}

export interface ContactEventsQuery {
  contactId: string;
  types: readonly TrackingType[];
  now: number;
  limit: number;
  before?: TrackingPosition | undefined;
}

/** One page of a contact's events of the given types, newest first (activity_details). */
export function queryContactEvents(ctx: SandboxContext, q: ContactEventsQuery): TrackingPage {
  const source =
    `(SELECT t.* FROM email_tracking t WHERE t.contact_id = ? ` +
    `AND t.at_ms <= ? AND t.type IN (SELECT value FROM json_each(?)))`;
  return pageOf(ctx, source, [q.contactId, q.now, JSON.stringify(q.types)], q.limit, q.before);
}

export interface ContactActivityCounts {
  campaign_activity_id: string;
  /** The latest send of this activity to the contact. */
  last_send_ms: number;
  em_sends: number;
  em_opens: number;
  em_clicks: number;
  em_forwards: number;
  em_optouts: number;
  em_bounces: number;
}

/** Per activity sent to the contact: how many events of each type are visible at `now`. */
export function contactActivityCounts(ctx: SandboxContext, contactId: string, now: number): ContactActivityCounts[] {
  return ctx.db
    .prepare(
      `SELECT campaign_activity_id,
         MAX(CASE WHEN type = 'em_sends' THEN at_ms END) AS last_send_ms,
         SUM(type = 'em_sends') AS em_sends, SUM(type = 'em_opens') AS em_opens, SUM(type = 'em_clicks') AS em_clicks,
         SUM(type = 'em_forwards') AS em_forwards, SUM(type = 'em_optouts') AS em_optouts, SUM(type = 'em_bounces') AS em_bounces
       FROM email_tracking WHERE contact_id = ? AND at_ms <= ?
       GROUP BY campaign_activity_id HAVING last_send_ms IS NOT NULL`,
    )
    .all(contactId, now) as ContactActivityCounts[];
}
