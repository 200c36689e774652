import { z } from 'zod';
import { defineModule } from '../define.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { apiSaid, explainFailure } from '../email-campaign/explain-error.js';
import { optionalText, record, text } from '../common/outputs.js';

export default defineModule({
  key: 'unschedule-email-campaign-activity',
  name: 'Unschedule an Email Campaign Activity',
  group: 'Email Scheduling',
  kind: 'action',
  description:
    'Cancels the scheduled send of an email campaign activity; ' +
    'it goes back to the status it had before (DRAFT, or DONE for a re-send).',
  scopes: ['campaign_data'],
  input: z.object(campaignFields('you want to unschedule')).superRefine(requireCampaignOrActivity),
  output: 'campaign_activity_id and the current_status it returned to.',
  outputSchema: record('Unscheduled Activity', {
    campaign_activity_id: text('Campaign Activity ID'),
    current_status: optionalText('Current Status'),
  }),
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const options = ctx.callOptions();
    await explainFailure(
      () => ctx.client.emails.unschedule(id, options),
      [400],
      (err) => ({
        message:
          `The campaign activity ${id} was not unscheduled: ` +
          `the API answered 400 ${apiSaid(err)}. Only a SCHEDULED activity can be unscheduled.`,
        hint:
          'List Email Campaign Activity Schedules shows whether it is scheduled; ' +
          'an activity already sent cannot be called back.',
      }),
    );
    const activity = await ctx.client.emails.getActivity(id, undefined, options);
    return { campaign_activity_id: id, current_status: activity.current_status };
  },
});
