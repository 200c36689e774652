import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { optionalInt, optionalText, optionalTexts, record, text } from '../common/outputs.js';

export default defineModule({
  key: 'get-email-campaign-activity-send-history',
  name: 'Get an Email Campaign Activity Send History',
  group: 'Email Scheduling',
  kind: 'search',
  description:
    'Retrieves the send history of an email campaign activity (primary_email or resend), first send first: ' +
    'one entry per send, with how many contacts it reached. Empty when never sent. ' +
    'The API does not paginate it, so Limit truncates locally.',
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('whose send history you want to retrieve'),
      limit: limitField('send history entries'),
    })
    .superRefine(requireCampaignOrActivity),
  output:
    'One bundle per send: campaign_activity_id, send_id, contact_list_ids, segment_ids, count, run_date, ' +
    'send_status (COMPLETED or ERRORED), reason_code (0 = ok, 12 = no eligible contacts; ' +
    'see the facts for the rest).',
  outputSchema: record('Send', {
    campaign_activity_id: text('Campaign Activity ID'),
    send_id: optionalInt('Send ID'),
    contact_list_ids: optionalTexts('Contact List IDs'),
    segment_ids: z.array(z.number().int()).optional().describe('Segment IDs'),
    count: optionalInt('Count'),
    run_date: optionalText('Run Date'),
    send_status: optionalText('Send Status'),
    reason_code: optionalInt('Reason Code'),
  }),
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const history = await ctx.client.emails.sendHistory(id, ctx.callOptions());
    return history.slice(0, input.limit).map((entry) => ({ campaign_activity_id: id, ...entry }));
  },
});
