import type { Context } from 'hono';
import type { SandboxContext, SandboxEnv, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import { findContact } from '../store/contacts.js';
import { campaignNamesByActivity } from '../store/campaigns.js';
import {
  contactActivityCounts,
  queryContactEvents,
  type ContactActivityCounts,
  type TrackingType,
} from '../store/tracking.js';
import { iso, parseInstant } from './campaigns/dates.js';
import { readBoolean, REPORTING_VALIDATION_KEY } from './campaigns/report-json.js';

/**
 * `/reports/contact_reports/{contact_id}/…`: one contact's email activity (facts §1.3, §6.1), read
 * from the same stored events as the email reports, so both always agree.
 */

const invalid = (message: string) => badRequest(REPORTING_VALIDATION_KEY, message);
const DETAILS_LIMIT = { defaultValue: 100, max: 100, errorKey: REPORTING_VALIDATION_KEY };
const SUMMARY_PAGE = 200;
const MAX_RATE_RANGE_YEARS = 5;

/** Email types come from the simulation; landing-page types (p_*) are valid but never occur here. */
const EMAIL_TYPES: readonly TrackingType[] = [
  'em_sends',
  'em_opens',
  'em_clicks',
  'em_bounces',
  'em_optouts',
  'em_forwards',
];
const VALID_TYPES = new Set<string>([
  ...EMAIL_TYPES,
  'p_contact_open',
  'p_contact_click',
  'p_contact_add',
  'p_contact_update',
]);

type DetailsState = { contact: string; types: TrackingType[]; names: boolean; limit: number; at?: number; id?: number };
type SummaryState = { contact: string; start: number; end: number; at?: number; activity?: string };

function contactOr404(ctx: SandboxContext, contactId: string): string {
  if (!findContact(ctx.db, contactId)) throw notFound('reporting.api.not_found', `No contact has the id ${contactId}.`);
  return contactId;
}

function readTypes(c: Context<SandboxEnv>): TrackingType[] {
  const list = c.req.queries('tracking_activities_list');
  const single = c.req.queries('tracking_activity_type');
  if (list && single)
    throw invalid('tracking_activities_list and tracking_activity_type are mutually exclusive; use one.');
  const raw = list ?? single;
  if (!raw) throw invalid('One of tracking_activities_list or tracking_activity_type is required.');
  const values = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) throw invalid('Name at least one tracking activity type.');
  const bad = values.find((v) => !VALID_TYPES.has(v));
  if (bad !== undefined) throw invalid(`${bad} is not a tracking activity type.`);
  return EMAIL_TYPES.filter((t) => values.includes(t));
}

/** `start` and `end`, both required ISO-8601 instants, start not after end. */
function readRange(c: Context<SandboxEnv>): { start: number; end: number } {
  const rawStart = c.req.query('start');
  const rawEnd = c.req.query('end');
  if (!rawStart || !rawEnd) throw invalid('start and end are required (ISO-8601, e.g. 2019-01-01T00:00:00-0500).');
  const start = parseInstant(rawStart);
  const end = parseInstant(rawEnd);
  if (start === undefined) throw invalid('start must be an ISO-8601 date or date-time.');
  if (end === undefined) throw invalid('end must be an ISO-8601 date or date-time.');
  if (end < start) throw invalid('end must not be before start.');
  return { start, end };
}

function inRange(row: ContactActivityCounts, start: number, end: number): boolean {
  return row.last_send_ms >= start && row.last_send_ms <= end;
}

export const reportsContactResource: SandboxResource = {
  name: 'reports-contact',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('contact_data');

    api.get('/reports/contact_reports/:contact_id/activity_details', scope, (c) => {
      const contactId = contactOr404(ctx, c.req.param('contact_id'));
      const rawCursor = c.req.query('cursor');
      let state: DetailsState;
      if (rawCursor !== undefined) {
        state = decodeCursor<DetailsState>(rawCursor);
        if (state.contact !== contactId || !Array.isArray(state.types))
          throw invalid('The cursor belongs to another report; follow _links.next.href verbatim.');
      } else {
        state = {
          contact: contactId,
          types: readTypes(c),
          names: readBoolean(c.req.query('include_campaign_activity_names'), 'include_campaign_activity_names', true),
          limit: parseLimit(c.req.query('limit'), DETAILS_LIMIT),
        };
      }
      const page = queryContactEvents(ctx, {
        contactId,
        types: state.types,
        now: ctx.clock.nowMs(),
        limit: state.limit,
        before: state.at !== undefined && state.id !== undefined ? { at: state.at, id: state.id } : undefined,
      });
      const names = state.names
        ? campaignNamesByActivity(ctx, [...new Set(page.rows.map((r) => r.campaign_activity_id))])
        : new Map<string, string>();
      const items = page.rows.map((row) => {
        const item: Record<string, unknown> = {
          contact_id: row.contact_id,
          campaign_activity_id: row.campaign_activity_id,
          created_time: iso(row.at_ms),
          tracking_activity_type: row.type,
        };
        const name = names.get(row.campaign_activity_id);
        if (state.names && name !== undefined) item.campaign_activity_name = name;
        return item;
      });
      const body: Record<string, unknown> = { tracking_activities: items };
      if (page.next) {
        const path = `/reports/contact_reports/${contactId}/activity_details`;
        body._links = {
          next: { href: nextHref(path, encodeCursor({ ...state, at: page.next.at, id: page.next.id })) },
        };
      }
      return c.json(body);
    });

    api.get('/reports/contact_reports/:contact_id/activity_summary', scope, (c) => {
      const contactId = contactOr404(ctx, c.req.param('contact_id'));
      const rawCursor = c.req.query('cursor');
      let state: SummaryState;
      if (rawCursor !== undefined) {
        state = decodeCursor<SummaryState>(rawCursor);
        if (state.contact !== contactId || typeof state.start !== 'number')
          throw invalid('The cursor belongs to another report; follow _links.next.href verbatim.');
      } else {
        state = { contact: contactId, ...readRange(c) };
      }
      // most recent send first; the activity id breaks ties so pages never overlap
      const rows = contactActivityCounts(ctx, contactId, ctx.clock.nowMs())
        .filter((r) => inRange(r, state.start, state.end))
        .sort((a, b) => b.last_send_ms - a.last_send_ms || (a.campaign_activity_id < b.campaign_activity_id ? -1 : 1));
      const position =
        state.at === undefined
          ? 0
          : rows.findIndex(
              (r) =>
                r.last_send_ms < (state.at as number) ||
                (r.last_send_ms === state.at && r.campaign_activity_id > (state.activity as string)),
            );
      const rest = position < 0 ? [] : rows.slice(position);
      const page = rest.slice(0, SUMMARY_PAGE);
      const body: Record<string, unknown> = {
        contact_id: contactId,
        campaign_activities: page.map((r) => ({
          campaign_activity_id: r.campaign_activity_id,
          start_on: iso(r.last_send_ms),
          em_bounces: r.em_bounces,
          em_clicks: r.em_clicks,
          em_forwards: r.em_forwards,
          em_opens: r.em_opens,
          em_sends: r.em_sends,
          em_unsubscribes: r.em_optouts,
        })),
      };
      const last = page[page.length - 1];
      if (rest.length > SUMMARY_PAGE && last) {
        const path = `/reports/contact_reports/${contactId}/activity_summary`;
        body._links = {
          next: {
            href: nextHref(
              path,
              encodeCursor({ ...state, at: last.last_send_ms, activity: last.campaign_activity_id }),
            ),
          },
        };
      }
      return c.json(body);
    });

    api.get('/reports/contact_reports/:contact_id/open_and_click_rates', scope, (c) => {
      const contactId = contactOr404(ctx, c.req.param('contact_id'));
      const { start, end } = readRange(c);
      const limit = new Date(start);
      limit.setUTCFullYear(limit.getUTCFullYear() + MAX_RATE_RANGE_YEARS);
      if (end > limit.getTime())
        throw invalid(`The range from start to end may not exceed ${MAX_RATE_RANGE_YEARS} years.`);
      const rows = contactActivityCounts(ctx, contactId, ctx.clock.nowMs()).filter((r) => inRange(r, start, end));
      const count = rows.length;
      const opened = rows.filter((r) => r.em_opens > 0).length;
      const clicked = rows.filter((r) => r.em_clicks > 0).length;
      return c.json({
        contact_id: contactId,
        included_activities_count: count,
        average_open_rate: count === 0 ? 0 : opened / count,
        average_click_rate: count === 0 ? 0 : clicked / count,
      });
    });
  },
};
