import { z } from 'zod';
import type { ContactTrackingActivity } from '../../client/index.js';
import { defineModule, type WatchSpec } from '../define.js';
import { limitField } from '../fields.js';
import { collect } from '../common/cache.js';
import { contactIdField, trackingActivitiesField } from './fields.js';
import { contactTrackingActivityOutput } from './outputs.js';

const input = z.object({
  contact_id: contactIdField('whose activities you want to watch'),
  tracking_activities_list: trackingActivitiesField('to watch'),
  limit: limitField('contact activities'),
});
type Input = z.output<typeof input>;

const detailsQuery = (values: Input) => ({ tracking_activities_list: values.tracking_activities_list });

/**
 * activity_details has no "since" filter and comes newest first (facts §1.8): read pages until the
 * rows are older than the checkpoint. An activity is only ever created, never updated, so its key is
 * the row itself: which campaign, what kind, when, and whose.
 */
const watch: WatchSpec<Input, ContactTrackingActivity> = {
  async *fetch(values, since, ctx) {
    const sinceMs = since !== undefined ? Date.parse(since) : undefined;
    for await (const row of ctx.client.reports.contactActivityDetailsAll(
      values.contact_id,
      detailsQuery(values),
      ctx.callOptions(),
    )) {
      if (sinceMs !== undefined && Date.parse(row.created_time ?? '') < sinceMs) return;
      yield row;
    }
  },
  key: (row) => [row.campaign_activity_id, row.tracking_activity_type, row.created_time, row.contact_id].join('|'),
  time: (row) => row.created_time ?? '',
};

export default defineModule({
  key: 'watch-contact-activities',
  name: 'Watch Contact Activities',
  group: 'Contact Tracking Report',
  kind: 'trigger',
  description:
    'Triggers when a contact has new tracking activities of the chosen kinds (an email sent to them, ' +
    'opened, clicked, bounced, an opt-out...).',
  scopes: ['contact_data'],
  input,
  output:
    'One bundle per new activity: contact_id, campaign_activity_id, ' +
    'campaign_activity_name, tracking_activity_type, created_time.',
  outputSchema: contactTrackingActivityOutput,
  async run(values, ctx) {
    return collect(
      ctx.client.reports.contactActivityDetailsAll(
        values.contact_id,
        detailsQuery(values),
        ctx.callOptions({ limit: values.limit }),
      ),
    );
  },
  watch,
});
