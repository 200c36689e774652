import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { collect } from '../common/cache.js';
import { contactIdField, trackingActivitiesField } from './fields.js';
import { contactTrackingActivityOutput } from './outputs.js';

export default defineModule({
  key: 'list-contact-activities',
  name: 'List Contact Activities',
  group: 'Contact Tracking Report',
  kind: 'search',
  description:
    "Lists one contact's tracking activities (sends, opens, clicks, " +
    'bounces, opt-outs, forwards...) of the chosen kinds, newest first.',
  scopes: ['contact_data'],
  input: z.object({
    contact_id: contactIdField('whose activities you want to list'),
    tracking_activities_list: trackingActivitiesField('to list'),
    limit: limitField('contact activities'),
  }),
  output:
    'One bundle per activity, newest first: contact_id, campaign_activity_id, ' +
    'campaign_activity_name, tracking_activity_type, created_time.',
  outputSchema: contactTrackingActivityOutput,
  async run(input, ctx) {
    const activities = ctx.client.reports.contactActivityDetailsAll(
      input.contact_id,
      { tracking_activities_list: input.tracking_activities_list },
      ctx.callOptions({ limit: input.limit }),
    );
    return collect(activities);
  },
});
