import type { Context } from 'hono';
import type { SandboxEnv, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { badRequest } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import {
  activityLinks,
  queryEmailReport,
  uniqueClicksByLink,
  type EmailReport,
  type TrackingRow,
} from '../store/tracking.js';
import { activityOr404 } from './campaigns/lookup.js';
import { readBoolean, REPORTING_VALIDATION_KEY, trackingBase } from './campaigns/report-json.js';

/**
 * `/reports/email_reports/{campaign_activity_id}/…`: the eight tracking reports (newest first,
 * cursor-paginated) and the links report (facts §1.6, §6.2). They read the stored event timeline and
 * show only what has happened by the sandbox clock's now.
 */

const LIMIT = { defaultValue: 500, max: 500, errorKey: REPORTING_VALIDATION_KEY };
const BOUNCE_CODES = new Set(['B', 'D', 'F', 'S', 'V', 'X', 'Z']);
const REPORTS: readonly EmailReport[] = [
  'sends',
  'opens',
  'unique_opens',
  'didnotopens',
  'clicks',
  'forwards',
  'optouts',
  'bounces',
];
/** Page schemas that mark `_links` as required (SW OptoutsTrackingActivitiesPage, BouncesTrackingActivitiesPage). */
const LINKS_REQUIRED = new Set<EmailReport>(['optouts', 'bounces']);

/** What a next link carries: the first request's filters and the position reached. */
type ReportState = {
  activity: string;
  report: EmailReport;
  limit: number;
  at?: number;
  id?: number;
  bounceCodes?: string[];
  urlId?: number;
};

const invalid = (message: string) => badRequest(REPORTING_VALIDATION_KEY, message);

function itemJson(row: TrackingRow, report: EmailReport): Record<string, unknown> {
  const item = trackingBase(row, report === 'didnotopens' ? 'em_didnotopens' : row.type);
  if (report === 'opens' || report === 'unique_opens' || report === 'clicks') {
    if (row.device_type !== null) item.device_type = row.device_type;
  }
  if (report === 'clicks') {
    item.url_id = String(row.url_id);
    item.link_url = row.link_url ?? '';
  }
  if (report === 'optouts' && row.opt_out_reason !== null) item.opt_out_reason = row.opt_out_reason;
  if (report === 'bounces') {
    item.bounce_code = row.bounce_code ?? 'X';
    if (row.current_email_address !== null) item.current_email_address = row.current_email_address;
  }
  return item;
}

function readFilters(c: Context<SandboxEnv>, report: EmailReport): Pick<ReportState, 'bounceCodes' | 'urlId'> {
  const out: Pick<ReportState, 'bounceCodes' | 'urlId'> = {};
  if (report === 'bounces') {
    const codes = (c.req.queries('bounce_code') ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean);
    const bad = codes.find((code) => !BOUNCE_CODES.has(code));
    if (bad !== undefined) throw invalid(`bounce_code ${bad} is not one of B, D, F, S, V, X, Z.`);
    if (codes.length > 0) out.bounceCodes = [...new Set(codes)];
  }
  if (report === 'clicks') {
    const raw = c.req.query('url_id');
    if (raw !== undefined && raw !== '') {
      if (!/^\d+$/.test(raw)) throw invalid('url_id must be an integer.');
      out.urlId = Number(raw);
    }
  }
  return out;
}

export const reportsEmailResource: SandboxResource = {
  name: 'reports-email',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    for (const report of REPORTS) {
      api.get(`/reports/email_reports/:id/tracking/${report}`, scope, (c) => {
        const activity = activityOr404(ctx, c.req.param('id'));
        const path = `/reports/email_reports/${activity.campaign_activity_id}/tracking/${report}`;
        const rawCursor = c.req.query('cursor');
        let query: ReportState;
        if (rawCursor !== undefined) {
          const state = decodeCursor<ReportState>(rawCursor);
          if (
            state.activity !== activity.campaign_activity_id ||
            state.report !== report ||
            typeof state.at !== 'number'
          ) {
            throw invalid('The cursor belongs to another report; follow _links.next.href verbatim.');
          }
          query = state;
        } else {
          query = {
            activity: activity.campaign_activity_id,
            report,
            limit: parseLimit(c.req.query('limit'), LIMIT),
            ...readFilters(c, report),
          };
        }
        const page = queryEmailReport(ctx, {
          activityId: activity.campaign_activity_id,
          report,
          now: ctx.clock.nowMs(),
          limit: query.limit,
          before: query.at !== undefined && query.id !== undefined ? { at: query.at, id: query.id } : undefined,
          bounceCodes: query.bounceCodes,
          urlId: query.urlId,
        });
        const body: Record<string, unknown> = { tracking_activities: page.rows.map((row) => itemJson(row, report)) };
        if (page.next) {
          body._links = {
            next: { href: nextHref(path, encodeCursor({ ...query, at: page.next.at, id: page.next.id })) },
          };
        } else if (LINKS_REQUIRED.has(report)) {
          body._links = {};
        }
        return c.json(body);
      });
    }

    api.get('/reports/email_reports/:id/links', scope, (c) => {
      const activity = activityOr404(ctx, c.req.param('id'));
      const noClicks = readBoolean(c.req.query('no_clicks'), 'no_clicks', false);
      const counts = uniqueClicksByLink(ctx, activity.campaign_activity_id, ctx.clock.nowMs());
      const links = activityLinks(ctx, activity.campaign_activity_id)
        .map((l) => ({ link_url: l.link_url, url_id: String(l.url_id), unique_clicks: counts.get(l.url_id) ?? 0 }))
        .filter((l) => noClicks || l.unique_clicks > 0);
      return c.json({ campaign_activity_id: activity.campaign_activity_id, link_click_counts: links });
    });
  },
};
