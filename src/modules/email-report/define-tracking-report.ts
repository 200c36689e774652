import { z } from 'zod';
import type { TrackingReportKind } from '../../client/index.js';
import { defineModule, type ListingModule, type RunContext, type WatchSpec } from '../define.js';
import { limitField } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { collect } from '../common/cache.js';
import { trackingRowOutput } from './outputs.js';

/**
 * The 16 tracking-report modules (8 Watch, 8 Get) differ only in the report they read and how an
 * event is identified, so each module file is one call of this definer.
 */
export interface TrackingReportSpec {
  key: string;
  name: string;
  mode: 'watch' | 'get';
  report: TrackingReportKind;
  /** Plural noun for help texts, e.g. "email bounce reports". */
  what: string;
  description: string;
}

type TrackingRow = {
  contact_id?: string;
  created_time?: string;
  url_id?: string;
  bounce_code?: string;
};

/**
 * Event identity per report (facts §1.8). Rows that exist once per contact (unique opens, did-not-opens,
 * opt-outs) are keyed by contact and remembered for the life of the watch, because their time can move.
 */
const identity: Record<TrackingReportKind, { key(row: TrackingRow): string; dedupe: 'window' | 'forever' }> = {
  sends: { key: (r) => `${r.contact_id}|${r.created_time}`, dedupe: 'window' },
  opens: { key: (r) => `${r.contact_id}|${r.created_time}`, dedupe: 'window' },
  unique_opens: { key: (r) => `${r.contact_id}`, dedupe: 'forever' },
  didnotopens: { key: (r) => `${r.contact_id}`, dedupe: 'forever' },
  clicks: { key: (r) => `${r.contact_id}|${r.url_id}|${r.created_time}`, dedupe: 'window' },
  forwards: { key: (r) => `${r.contact_id}|${r.created_time}`, dedupe: 'window' },
  optouts: { key: (r) => `${r.contact_id}`, dedupe: 'forever' },
  bounces: { key: (r) => `${r.contact_id}|${r.bounce_code}|${r.created_time}`, dedupe: 'window' },
};

export function defineTrackingReport(spec: TrackingReportSpec): ListingModule {
  const input = z
    .object({
      ...campaignFields(`whose ${spec.what} you want to ${spec.mode === 'watch' ? 'watch' : 'retrieve'}`),
      limit: limitField(spec.what),
    })
    .superRefine(requireCampaignOrActivity);
  const id = identity[spec.report];
  type Input = z.output<typeof input>;
  const watch: WatchSpec<Input, TrackingRow> = {
    async *fetch(values, since, ctx) {
      const activityId = await resolveActivityId(ctx, values);
      // Reports come newest first with no "since" filter: stop paging once past the checkpoint.
      // Compared as instants: "…T10:00:00Z" and "…T10:00:00.000Z" are the same moment, not ordered strings.
      const sinceMs = since === undefined ? undefined : Date.parse(since);
      for await (const row of ctx.client.reports.emailTrackingAll(activityId, spec.report)) {
        const time = (row as TrackingRow).created_time;
        if (sinceMs !== undefined && time !== undefined && Date.parse(time) < sinceMs) return;
        yield row as TrackingRow;
      }
    },
    key: (row) => id.key(row),
    time: (row) => row.created_time ?? '',
    dedupe: id.dedupe,
  };
  const base = {
    key: spec.key,
    name: spec.name,
    group: 'Email Tracking Report' as const,
    description: spec.description,
    scopes: ['campaign_data'] as const,
    input,
    output:
      `One bundle per ${spec.report} report row (newest first): contact_id, campaign_activity_id, ` +
      `tracking_activity_type, email_address, first_name, last_name, created_time, and the report's own fields.`,
    outputSchema: trackingRowOutput(spec.report),
    async run(values: Input, ctx: RunContext) {
      const activityId = await resolveActivityId(ctx, values);
      return collect(
        ctx.client.reports.emailTrackingAll(
          activityId,
          spec.report,
          undefined,
          ctx.callOptions({ limit: values.limit }),
        ),
      );
    },
  };
  return spec.mode === 'watch'
    ? defineModule({ ...base, kind: 'trigger', watch })
    : defineModule({ ...base, kind: 'search' });
}
