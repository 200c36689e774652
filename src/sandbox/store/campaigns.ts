import type { SandboxContext } from '../context.js';

/**
 * Email campaigns and their activities (facts §5.1). A campaign is the container with the name and
 * the mixed-case status; each campaign has a `primary_email` activity (content, headers, recipients)
 * and a `permalink` activity (the web version, which mirrors the primary one's content).
 */

export const campaignsSchema = [
  `CREATE TABLE IF NOT EXISTS email_campaigns (
     seq INTEGER PRIMARY KEY,               -- creation order: the listing order and the cursor position
     campaign_id TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     name_key TEXT NOT NULL UNIQUE,         -- lower-cased name: names are unique per account
     current_status TEXT NOT NULL,          -- Draft | Scheduled | Done | Error | Removed
     type TEXT NOT NULL,
     type_code INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS email_campaigns_updated_at ON email_campaigns(updated_at)`,
  `CREATE TABLE IF NOT EXISTS email_activities (
     campaign_activity_id TEXT PRIMARY KEY,
     campaign_id TEXT NOT NULL,
     role TEXT NOT NULL,                    -- primary_email | permalink
     current_status TEXT NOT NULL,          -- DRAFT | SCHEDULED | DONE | ERROR | REMOVED
     status_before_schedule TEXT,           -- restored by an unschedule
     format_type INTEGER NOT NULL,
     from_name TEXT, from_email TEXT, reply_to_email TEXT, subject TEXT, preheader TEXT,
     html_content TEXT,
     physical_address TEXT,                 -- JSON EmailPhysicalAddress
     document_properties TEXT,              -- JSON object or NULL
     contact_list_ids TEXT NOT NULL DEFAULT '[]',
     segment_ids TEXT NOT NULL DEFAULT '[]',
     scheduled_at INTEGER,                  -- epoch ms while SCHEDULED
     schedule_job_id INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS email_activities_campaign ON email_activities(campaign_id)`,
];

export type CampaignStatus = 'Draft' | 'Scheduled' | 'Executing' | 'Done' | 'Error' | 'Removed';
export type ActivityStatus = 'DRAFT' | 'SCHEDULED' | 'EXECUTING' | 'DONE' | 'ERROR' | 'REMOVED';
export type ActivityRole = 'primary_email' | 'permalink';

export interface Campaign {
  seq: number;
  campaign_id: string;
  name: string;
  current_status: CampaignStatus;
  type: string;
  type_code: number;
  created_at: string;
  updated_at: string;
}

export interface EmailPhysicalAddress {
  address_line1: string;
  address_line2?: string;
  address_line3?: string;
  address_optional?: string;
  city?: string;
  country_code: string;
  country_name?: string;
  organization_name: string;
  postal_code?: string;
  state_code?: string;
  state_name?: string;
  state_non_us_name?: string;
}

export interface ActivityContent {
  from_name: string;
  from_email: string;
  reply_to_email: string;
  subject: string;
  preheader: string | null;
  html_content: string;
  physical_address: EmailPhysicalAddress;
  document_properties: Record<string, unknown> | null;
}

export interface Activity extends ActivityContent {
  campaign_activity_id: string;
  campaign_id: string;
  role: ActivityRole;
  current_status: ActivityStatus;
  status_before_schedule: ActivityStatus | null;
  format_type: number;
  contact_list_ids: string[];
  segment_ids: number[];
  scheduled_at: number | null;
  schedule_job_id: number | null;
  created_at: string;
  updated_at: string;
}

interface ActivityRow extends Omit<
  Activity,
  'physical_address' | 'document_properties' | 'contact_list_ids' | 'segment_ids' | 'preheader'
> {
  preheader: string | null;
  physical_address: string;
  document_properties: string | null;
  contact_list_ids: string;
  segment_ids: string;
}

/** API-created emails are custom-code emails; the contract's example calls them NEWSLETTER / 10. */
const CAMPAIGN_TYPE = { type: 'NEWSLETTER', type_code: 10 } as const;

const CAMPAIGN_STATUS_OF: Record<ActivityStatus, CampaignStatus> = {
  DRAFT: 'Draft',
  SCHEDULED: 'Scheduled',
  EXECUTING: 'Executing',
  DONE: 'Done',
  ERROR: 'Error',
  REMOVED: 'Removed',
};

function toActivity(row: ActivityRow): Activity {
  return {
    ...row,
    physical_address: JSON.parse(row.physical_address) as EmailPhysicalAddress,
    document_properties: row.document_properties
      ? (JSON.parse(row.document_properties) as Record<string, unknown>)
      : null,
    contact_list_ids: JSON.parse(row.contact_list_ids) as string[],
    segment_ids: JSON.parse(row.segment_ids) as number[],
  };
}

export function getCampaign(ctx: SandboxContext, campaignId: string): Campaign | undefined {
  return ctx.db.prepare('SELECT * FROM email_campaigns WHERE campaign_id = ?').get(campaignId) as Campaign | undefined;
}

/** The campaign with this name (case-insensitive), removed ones included. */
export function findCampaignByName(ctx: SandboxContext, name: string): Campaign | undefined {
  return ctx.db.prepare('SELECT * FROM email_campaigns WHERE name_key = ?').get(name.toLowerCase()) as
    Campaign | undefined;
}

export function activitiesOfCampaign(ctx: SandboxContext, campaignId: string): Activity[] {
  const rows = ctx.db
    .prepare(
      `SELECT * FROM email_activities WHERE campaign_id = ? ORDER BY CASE role WHEN 'primary_email' THEN 0 ELSE 1 END`,
    )
    .all(campaignId) as ActivityRow[];
  return rows.map(toActivity);
}

export function getActivity(ctx: SandboxContext, activityId: string): Activity | undefined {
  const row = ctx.db.prepare('SELECT * FROM email_activities WHERE campaign_activity_id = ?').get(activityId) as
    ActivityRow | undefined;
  return row ? toActivity(row) : undefined;
}

export function primaryActivity(ctx: SandboxContext, campaignId: string): Activity | undefined {
  return activitiesOfCampaign(ctx, campaignId).find((a) => a.role === 'primary_email');
}

export interface CampaignPage {
  campaigns: Campaign[];
  /** seq of the last campaign returned when another page exists. */
  nextAfterSeq: number | null;
}

export interface CampaignListQuery {
  afterSeq: number;
  limit: number;
  /** Inclusive bounds on updated_at (ISO strings, which sort as text). */
  updatedFrom?: string;
  updatedTo?: string;
}

export function listCampaigns(ctx: SandboxContext, q: CampaignListQuery): CampaignPage {
  const where = ['seq > ?'];
  const args: (string | number)[] = [q.afterSeq];
  if (q.updatedFrom !== undefined) {
    where.push('updated_at >= ?');
    args.push(q.updatedFrom);
  }
  if (q.updatedTo !== undefined) {
    where.push('updated_at <= ?');
    args.push(q.updatedTo);
  }
  const rows = ctx.db
    .prepare(`SELECT * FROM email_campaigns WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`)
    .all(...args, q.limit + 1) as Campaign[];
  const more = rows.length > q.limit;
  const campaigns = more ? rows.slice(0, q.limit) : rows;
  return { campaigns, nextAfterSeq: more ? (campaigns[campaigns.length - 1]?.seq ?? null) : null };
}

/**
 * An activity's content as the values of its email_activities columns, in the order both the INSERT and
 * the UPDATE below list them (from_name through document_properties).
 */
function contentValues(content: ActivityContent): unknown[] {
  return [
    content.from_name,
    content.from_email,
    content.reply_to_email,
    content.subject,
    content.preheader,
    content.html_content,
    JSON.stringify(content.physical_address),
    content.document_properties ? JSON.stringify(content.document_properties) : null,
  ];
}

/** Creates a campaign with its primary_email and permalink activities, both DRAFT. */
export function createCampaign(ctx: SandboxContext, name: string, content: ActivityContent): Campaign {
  const now = ctx.clock.nowIso();
  const campaignId = ctx.newId();
  const insertActivity = ctx.db.prepare(
    `INSERT INTO email_activities (campaign_activity_id, campaign_id, role, current_status, format_type, from_name, from_email,
       reply_to_email, subject, preheader, html_content, physical_address, document_properties, created_at, updated_at)
     VALUES (?, ?, ?, 'DRAFT', 5, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO email_campaigns (campaign_id, name, name_key, current_status, type, type_code, created_at, updated_at)
         VALUES (?, ?, ?, 'Draft', ?, ?, ?, ?)`,
      )
      .run(campaignId, name, name.toLowerCase(), CAMPAIGN_TYPE.type, CAMPAIGN_TYPE.type_code, now, now);
    for (const role of ['primary_email', 'permalink'] as const) {
      insertActivity.run(ctx.newId(), campaignId, role, ...contentValues(content), now, now);
    }
  })();
  return getCampaign(ctx, campaignId) as Campaign;
}

export function renameCampaign(ctx: SandboxContext, campaignId: string, name: string): void {
  ctx.db
    .prepare('UPDATE email_campaigns SET name = ?, name_key = ?, updated_at = ? WHERE campaign_id = ?')
    .run(name, name.toLowerCase(), ctx.clock.nowIso(), campaignId);
}

/** Marks a campaign and all its activities Removed (the API's delete; restorable in the UI). */
export function removeCampaign(ctx: SandboxContext, campaignId: string): void {
  const now = ctx.clock.nowIso();
  ctx.db.transaction(() => {
    ctx.db
      .prepare(`UPDATE email_campaigns SET current_status = 'Removed', updated_at = ? WHERE campaign_id = ?`)
      .run(now, campaignId);
    ctx.db
      .prepare(`UPDATE email_activities SET current_status = 'REMOVED', updated_at = ? WHERE campaign_id = ?`)
      .run(now, campaignId);
  })();
}

export interface ActivityUpdate extends ActivityContent {
  contact_list_ids: string[];
  segment_ids: number[];
}

/** Applies a PUT to the primary activity; the permalink activity mirrors the new content. */
export function updateActivityContent(ctx: SandboxContext, activity: Activity, update: ActivityUpdate): void {
  const now = ctx.clock.nowIso();
  const setContent = ctx.db.prepare(
    `UPDATE email_activities SET from_name = ?, from_email = ?, reply_to_email = ?, subject = ?, preheader = ?, html_content = ?,
       physical_address = ?, document_properties = ?, updated_at = ? WHERE campaign_id = ?`,
  );
  ctx.db.transaction(() => {
    setContent.run(...contentValues(update), now, activity.campaign_id);
    ctx.db
      .prepare('UPDATE email_activities SET contact_list_ids = ?, segment_ids = ? WHERE campaign_activity_id = ?')
      .run(JSON.stringify(update.contact_list_ids), JSON.stringify(update.segment_ids), activity.campaign_activity_id);
    touchCampaign(ctx, activity.campaign_id, now);
  })();
}

function touchCampaign(ctx: SandboxContext, campaignId: string, now: string, status?: CampaignStatus): void {
  if (status) {
    ctx.db
      .prepare('UPDATE email_campaigns SET current_status = ?, updated_at = ? WHERE campaign_id = ?')
      .run(status, now, campaignId);
  } else {
    ctx.db.prepare('UPDATE email_campaigns SET updated_at = ? WHERE campaign_id = ?').run(now, campaignId);
  }
}

/**
 * Moves the primary activity (and the campaign, whose status follows it) to `status`. The permalink
 * activity becomes DONE with the first send and is otherwise left alone.
 */
export function setActivityStatus(
  ctx: SandboxContext,
  activity: Activity,
  status: ActivityStatus,
  schedule: { scheduledAt: number; jobId: number; previous: ActivityStatus } | null = null,
): void {
  const now = ctx.clock.nowIso();
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `UPDATE email_activities SET current_status = ?, status_before_schedule = ?, scheduled_at = ?, schedule_job_id = ?, updated_at = ?
         WHERE campaign_activity_id = ?`,
      )
      .run(
        status,
        schedule?.previous ?? null,
        schedule?.scheduledAt ?? null,
        schedule?.jobId ?? null,
        now,
        activity.campaign_activity_id,
      );
    if (status === 'DONE') {
      ctx.db
        .prepare(
          `UPDATE email_activities SET current_status = 'DONE', ` +
            `updated_at = ? WHERE campaign_id = ? AND role = 'permalink'`,
        )
        .run(now, activity.campaign_id);
    }
    touchCampaign(ctx, activity.campaign_id, now, CAMPAIGN_STATUS_OF[status]);
  })();
}

/** Campaign names for a set of activities (contact reports show them as campaign_activity_name). */
export function campaignNamesByActivity(ctx: SandboxContext, activityIds: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  if (activityIds.length === 0) return names;
  const rows = ctx.db
    .prepare(
      `SELECT a.campaign_activity_id AS id, c.name AS name FROM email_activities a JOIN email_campaigns c ON c.campaign_id = a.campaign_id
       WHERE a.campaign_activity_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(activityIds)) as { id: string; name: string }[];
  for (const r of rows) names.set(r.id, r.name);
  return names;
}

/** The creation sequence of an activity's campaign: a stable label for the seeded simulation. */
export function campaignSeqOfActivity(ctx: SandboxContext, activityId: string): number {
  const row = ctx.db
    .prepare(
      'SELECT c.seq AS seq FROM email_activities a ' +
        'JOIN email_campaigns c ON c.campaign_id = a.campaign_id WHERE a.campaign_activity_id = ?',
    )
    .get(activityId) as { seq: number } | undefined;
  return row?.seq ?? 0;
}
