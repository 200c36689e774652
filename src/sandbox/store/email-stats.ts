import type { SandboxContext } from '../context.js';

/**
 * Aggregate email statistics, counted from the same `email_tracking` rows the per-contact tracking
 * reports list, with the same visibility rule (events at or before the sandbox clock's now). So the
 * stats always agree with the reports: `em_sends` = rows of the sends report, `em_opens` = rows of the
 * unique opens report, `em_not_opened` = rows of the did-not-opens report, and so on.
 */

export interface ActivityStats {
  em_sends: number;
  em_opens: number;
  em_opens_all: number;
  em_opens_all_computer: number;
  em_opens_all_mobile: number;
  em_opens_all_tablet: number;
  em_opens_all_other: number;
  em_opens_all_none: number;
  em_clicks: number;
  em_clicks_all: number;
  em_clicks_all_computer: number;
  em_clicks_all_mobile: number;
  em_clicks_all_tablet: number;
  em_clicks_all_other: number;
  em_clicks_all_none: number;
  em_forwards: number;
  em_optouts: number;
  em_abuse: number;
  em_bounces: number;
  em_bounces_blocked: number;
  em_bounces_mailbox_full: number;
  em_bounces_nonexistent_address: number;
  em_bounces_other: number;
  em_bounces_suspended: number;
  em_bounces_undeliverable: number;
  em_bounces_vacation: number;
  em_not_opened: number;
}

/** Bounce codes by the stats field that counts them (SW `bounce_code` descriptions). */
const BOUNCE_FIELDS = {
  em_bounces_nonexistent_address: 'B',
  em_bounces_undeliverable: 'D',
  em_bounces_mailbox_full: 'F',
  em_bounces_suspended: 'S',
  em_bounces_vacation: 'V',
  em_bounces_other: 'X',
  em_bounces_blocked: 'Z',
} as const;

const KNOWN_DEVICES = `('computer','mobile','tablet')`;

function deviceColumns(type: string, prefix: string): string {
  return [
    `SUM(type = '${type}') AS ${prefix}_all`,
    `SUM(type = '${type}' AND device_type = 'computer') AS ${prefix}_all_computer`,
    `SUM(type = '${type}' AND device_type = 'mobile') AS ${prefix}_all_mobile`,
    `SUM(type = '${type}' AND device_type = 'tablet') AS ${prefix}_all_tablet`,
    `SUM(type = '${type}' AND device_type IS NOT NULL AND device_type NOT IN ${KNOWN_DEVICES}) AS ${prefix}_all_other`,
    `SUM(type = '${type}' AND device_type IS NULL) AS ${prefix}_all_none`,
  ].join(', ');
}

const STATS_SQL = `
  WITH visible AS (SELECT * FROM email_tracking WHERE campaign_activity_id = ? AND at_ms <= ?)
  SELECT
    COUNT(DISTINCT CASE WHEN type = 'em_sends' THEN contact_id END) AS em_sends,
    COUNT(DISTINCT CASE WHEN type = 'em_opens' THEN contact_id END) AS em_opens,
    ${deviceColumns('em_opens', 'em_opens')},
    COUNT(DISTINCT CASE WHEN type = 'em_clicks' THEN contact_id END) AS em_clicks,
    ${deviceColumns('em_clicks', 'em_clicks')},
    COUNT(DISTINCT CASE WHEN type = 'em_forwards' THEN contact_id END) AS em_forwards,
    COUNT(DISTINCT CASE WHEN type = 'em_optouts' THEN contact_id END) AS em_optouts,
    COUNT(DISTINCT CASE WHEN type = 'em_bounces' THEN contact_id END) AS em_bounces,
    ${Object.entries(BOUNCE_FIELDS)
      .map(
        ([field, code]) =>
          `COUNT(DISTINCT CASE WHEN type = 'em_bounces' AND bounce_code = '${code}' THEN contact_id END) AS ${field}`,
      )
      .join(',\n    ')},
    COUNT(DISTINCT CASE WHEN type = 'em_bounces' AND bounce_code <> 'V' THEN contact_id END) AS undelivered,
    COUNT(DISTINCT CASE WHEN type = 'em_opens' AND contact_id IN
      (SELECT contact_id FROM visible WHERE type = 'em_bounces' AND bounce_code <> 'V') THEN contact_id END) AS opened_undelivered
  FROM visible`;

type StatsRow = Omit<ActivityStats, 'em_abuse' | 'em_not_opened'> & { undelivered: number; opened_undelivered: number };

/** The activity's statistics as visible at `now` (zeros for an activity never sent). */
export function activityStats(ctx: SandboxContext, activityId: string, now: number): ActivityStats {
  const row = ctx.db.prepare(STATS_SQL).get(activityId, now) as Record<string, number | null>;
  const n = (key: string): number => row[key] ?? 0;
  const stats = {} as Record<string, number>;
  for (const key of Object.keys(row)) stats[key] = n(key);
  const { undelivered, opened_undelivered, ...rest } = stats as StatsRow;
  // Did-not-opens are the contacts delivered the email (every bounce but V) that have not opened it:
  // exactly the rows of the did-not-opens report.
  const notOpened = Math.max(0, rest.em_sends - undelivered - (rest.em_opens - opened_undelivered));
  return { ...rest, em_abuse: 0, em_not_opened: notOpened };
}

/** Sums statistics (a campaign's are the sum of its activities'). */
export function addStats(stats: readonly ActivityStats[]): ActivityStats {
  const total = activityStatsZero();
  for (const s of stats) for (const key of Object.keys(total) as (keyof ActivityStats)[]) total[key] += s[key];
  return total;
}

function activityStatsZero(): ActivityStats {
  const zero = {} as Record<keyof ActivityStats, number>;
  for (const key of [
    'em_sends',
    'em_opens',
    'em_opens_all',
    'em_opens_all_computer',
    'em_opens_all_mobile',
    'em_opens_all_tablet',
    'em_opens_all_other',
    'em_opens_all_none',
    'em_clicks',
    'em_clicks_all',
    'em_clicks_all_computer',
    'em_clicks_all_mobile',
    'em_clicks_all_tablet',
    'em_clicks_all_other',
    'em_clicks_all_none',
    'em_forwards',
    'em_optouts',
    'em_abuse',
    'em_bounces',
    ...Object.keys(BOUNCE_FIELDS),
    'em_not_opened',
  ] as (keyof ActivityStats)[])
    zero[key] = 0;
  return zero;
}

/** Delivered = sent and not bounced undelivered: the base of the open, did-not-open and unsubscribe rates. */
export function delivered(stats: ActivityStats): number {
  return stats.em_opens + stats.em_not_opened;
}

/** A percentage with one decimal, as the reports show them; 0 when the base is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** Latest completed send (`run_date`) of each given activity that sent anything, for `last_sent_date`. */
export function lastSendDates(ctx: SandboxContext, activityIds: readonly string[]): Map<string, string> {
  const rows = ctx.db
    .prepare(
      `SELECT campaign_activity_id AS id, MAX(run_date) AS at FROM email_send_history
       WHERE send_status = 'COMPLETED' AND count > 0 AND campaign_activity_id IN (SELECT value FROM json_each(?))
       GROUP BY campaign_activity_id`,
    )
    .all(JSON.stringify(activityIds)) as { id: string; at: string }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}

export interface SentCampaign {
  seq: number;
  campaign_id: string;
  type: string;
  last_sent_date: string;
}

/**
 * Campaigns that sent at least one email and are not Removed, newest last send first (then newest
 * created); `after` is the position of the previous page's last row.
 */
export function sentCampaigns(
  ctx: SandboxContext,
  limit: number,
  after?: { last_sent_date: string; seq: number },
): SentCampaign[] {
  return ctx.db
    .prepare(
      `SELECT * FROM (
         SELECT c.seq, c.campaign_id, c.type, MAX(h.run_date) AS last_sent_date
         FROM email_campaigns c JOIN email_activities a ON a.campaign_id = c.campaign_id
         JOIN email_send_history h ON h.campaign_activity_id = a.campaign_activity_id
         WHERE c.current_status <> 'Removed' AND h.send_status = 'COMPLETED' AND h.count > 0
         GROUP BY c.campaign_id)
       WHERE (@at IS NULL OR (last_sent_date, seq) < (@at, @seq))
       ORDER BY last_sent_date DESC, seq DESC LIMIT @limit`,
    )
    .all({ at: after?.last_sent_date ?? null, seq: after?.seq ?? 0, limit }) as SentCampaign[];
}
