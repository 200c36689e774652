import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { record, text } from '../common/outputs.js';

export default defineModule({
  key: 'list-email-campaign-activity-schedules',
  name: 'List Email Campaign Activity Schedules',
  group: 'Email Scheduling',
  kind: 'search',
  description:
    'Retrieves the schedule of an email campaign activity: one entry while it is SCHEDULED, none otherwise. ' +
    'The API does not paginate schedules, so Limit truncates locally.',
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('whose schedules you want to list'),
      limit: limitField('email campaign activity schedules'),
    })
    .superRefine(requireCampaignOrActivity),
  output: 'One bundle per schedule: campaign_activity_id, scheduled_date.',
  outputSchema: record('Schedule', {
    campaign_activity_id: text('Campaign Activity ID'),
    scheduled_date: text('Scheduled Date'),
  }),
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const schedules = await ctx.client.emails.schedules(id, ctx.callOptions());
    return schedules.slice(0, input.limit).map((s) => ({ campaign_activity_id: id, ...s }));
  },
});
