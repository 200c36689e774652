import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import { activitiesOfCampaign, getActivity, getCampaign, type Activity } from '../store/campaigns.js';
import {
  activityStats,
  addStats,
  delivered,
  lastSendDates,
  percent,
  sentCampaigns,
  type ActivityStats,
} from '../store/email-stats.js';
import { isUuid } from './contacts/problems.js';
import { REPORTING_VALIDATION_KEY } from './campaigns/report-json.js';

/**
 * The aggregate email reports (facts §6.2): the campaign summaries, campaign stats and activity
 * stats. Every figure is counted from the tracking rows the per-contact reports list, at the sandbox
 * clock's now, so `last_refresh_time` is always now: the sandbox's stats are never stale.
 */

const SUMMARY_LIMIT = { defaultValue: 50, max: 500, errorKey: REPORTING_VALIDATION_KEY };
const MAX_CAMPAIGN_IDS = 150;
const MAX_ACTIVITY_IDS = 10;

type SummaryCursor = { limit: number; last_sent_date: string; seq: number };

/** The comma-separated ids of a path, without blanks and repeats; 400 when there are too many. */
function pathIds(raw: string, name: string, max: number): string[] {
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0) throw badRequest(REPORTING_VALIDATION_KEY, `${name} must name at least one id.`);
  if (ids.length > max) throw badRequest(REPORTING_VALIDATION_KEY, `${name} takes at most ${max} ids.`);
  return ids;
}

/** The `StatsEmail` subset (campaign stats carry no abuse or bounce breakdown). */
function campaignStatsJson(s: ActivityStats): Record<string, number> {
  const { em_abuse: _abuse, ...rest } = s;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(rest)) if (!key.startsWith('em_bounces_')) out[key] = value;
  return out;
}

function percentsJson(s: ActivityStats): Record<string, number> {
  const base = delivered(s);
  return {
    bounce: percent(s.em_bounces, s.em_sends),
    click: percent(s.em_clicks, s.em_opens),
    desktop_click: percent(s.em_clicks_all_computer, s.em_clicks_all),
    desktop_open: percent(s.em_opens_all_computer, s.em_opens_all),
    did_not_open: percent(s.em_not_opened, base),
    mobile_click: percent(s.em_clicks_all_mobile + s.em_clicks_all_tablet, s.em_clicks_all),
    mobile_open: percent(s.em_opens_all_mobile + s.em_opens_all_tablet, s.em_opens_all),
    open: percent(s.em_opens, base),
    unsubscribe: percent(s.em_optouts, base),
  };
}

function campaignTotals(ctx: SandboxContext, campaignId: string, now: number): { stats: ActivityStats; sent: boolean } {
  const activities = activitiesOfCampaign(ctx, campaignId);
  const ids = activities.map((a) => a.campaign_activity_id);
  return {
    stats: addStats(ids.map((id) => activityStats(ctx, id, now))),
    sent: lastSendDates(ctx, ids).size > 0,
  };
}

export const reportsStatsResource: SandboxResource = {
  name: 'reports-stats',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    api.get('/reports/summary_reports/email_campaign_summaries', scope, (c) => {
      const raw = c.req.query('cursor');
      const cursor = raw !== undefined ? decodeCursor<SummaryCursor>(raw) : undefined;
      const limit = cursor?.limit ?? parseLimit(c.req.query('limit'), SUMMARY_LIMIT);
      const now = ctx.clock.nowMs();
      const rows = sentCampaigns(ctx, limit + 1, cursor);
      const page = rows.slice(0, limit);
      const summaries = page.map((row) => {
        const { stats } = campaignTotals(ctx, row.campaign_id, now);
        return {
          campaign_id: row.campaign_id,
          campaign_type: row.type,
          last_sent_date: row.last_sent_date,
          unique_counts: {
            sends: stats.em_sends,
            opens: stats.em_opens,
            clicks: stats.em_clicks,
            forwards: stats.em_forwards,
            optouts: stats.em_optouts,
            abuse: stats.em_abuse,
            bounces: stats.em_bounces,
            not_opened: stats.em_not_opened,
          },
          stats,
        };
      });
      const total = addStats(summaries.map((s) => s.stats));
      const base = delivered(total);
      const body: Record<string, unknown> = {
        bulk_email_campaign_summaries: summaries.map(({ stats: _stats, ...summary }) => summary),
        aggregate_percents: {
          click: percent(total.em_clicks, total.em_opens),
          open: percent(total.em_opens, base),
          did_not_open: percent(total.em_not_opened, base),
          bounce: percent(total.em_bounces, total.em_sends),
          unsubscribe: percent(total.em_optouts, base),
        },
      };
      const last = page[page.length - 1];
      if (rows.length > limit && last) {
        const next = encodeCursor({ limit, last_sent_date: last.last_sent_date, seq: last.seq });
        body._links = { next: { href: nextHref('/reports/summary_reports/email_campaign_summaries', next) } };
      }
      return c.json(body);
    });

    api.get('/reports/stats/email_campaigns/:campaign_ids', scope, (c) => {
      const ids = pathIds(c.req.param('campaign_ids'), 'campaign_ids', MAX_CAMPAIGN_IDS);
      // One unknown or malformed id fails the whole request (the operation's description).
      const unknown = ids.find((id) => !isUuid(id) || !getCampaign(ctx, id));
      if (unknown !== undefined)
        throw notFound(
          'reportingsvc.not_found.invalid_path_param.campaign_ids',
          `No email campaign has the id ${unknown}.`,
        );
      const now = ctx.clock.nowMs();
      const results: Record<string, unknown>[] = [];
      const errors: { error_key: string; error_message: string }[] = [];
      for (const id of ids) {
        const campaign = getCampaign(ctx, id);
        const totals = campaignTotals(ctx, id, now);
        if (campaign?.current_status === 'Removed' || !totals.sent) {
          errors.push({
            error_key: 'reportingsvc.not_found.campaign_stats',
            error_message: `Could not find any campaign stats for the campaign ${id}: it ${
              campaign?.current_status === 'Removed' ? 'was deleted' : 'has not been sent'
            }.`,
          });
          continue;
        }
        results.push({
          campaign_id: id,
          stats: campaignStatsJson(totals.stats),
          percents: percentsJson(totals.stats),
          last_refresh_time: new Date(now).toISOString(),
        });
      }
      return c.json(errors.length > 0 ? { results, errors } : { results });
    });

    api.get('/reports/stats/email_campaign_activities/:campaign_activity_ids', scope, (c) => {
      const ids = pathIds(c.req.param('campaign_activity_ids'), 'campaign_activity_ids', MAX_ACTIVITY_IDS);
      const malformed = ids.find((id) => !isUuid(id));
      if (malformed !== undefined)
        throw notFound(
          'reportingsvc.not_found.invalid_path_param.campaign_activity_ids',
          `${malformed} is not a campaign activity id (a UUID).`,
        );
      const now = ctx.clock.nowMs();
      const sent = lastSendDates(ctx, ids);
      const results: Record<string, unknown>[] = [];
      const errors: { error_key: string; error_message: string }[] = [];
      for (const id of ids) {
        const activity: Activity | undefined = getActivity(ctx, id);
        const problem = !activity
          ? 'does not exist'
          : activity.current_status === 'REMOVED'
            ? 'was deleted'
            : !sent.has(id)
              ? 'has not been sent'
              : undefined;
        if (problem !== undefined || !activity) {
          errors.push({
            error_key: 'reportingsvc.not_found.campaign_activity_stats',
            error_message: `Could not find any stats for the campaign activity ${id}: it ${problem ?? 'does not exist'}.`,
          });
          continue;
        }
        results.push({
          campaign_id: activity.campaign_id,
          campaign_activity_id: id,
          stats: activityStats(ctx, id, now),
          last_refresh_time: new Date(now).toISOString(),
        });
      }
      return c.json(errors.length > 0 ? { results, errors } : { results });
    });
  },
};
