import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { linkReportOutput } from './outputs.js';

export default defineModule({
  key: 'get-email-links-reports',
  name: 'Get Email Links Reports',
  group: 'Email Tracking Report',
  kind: 'search',
  description:
    'Retrieves email links reports by the email campaign activity ID: ' +
    'one bundle per link with its unique clicks, including links nobody clicked. ' +
    'The API does not paginate this report, so Limit truncates locally.',
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('whose link reports you want to retrieve'),
      limit: limitField('email link reports'),
    })
    .superRefine(requireCampaignOrActivity),
  output:
    'One bundle per link: campaign_activity_id, link_url, url_id, ' +
    'unique_clicks, and list_action/list_id/link_tag when present.',
  outputSchema: linkReportOutput,
  async run(input, ctx) {
    const activityId = await resolveActivityId(ctx, input);
    const report = await ctx.client.reports.emailLinks(activityId, { no_clicks: true }, ctx.callOptions());
    return (report.link_click_counts ?? [])
      .slice(0, input.limit)
      .map((link) => ({ campaign_activity_id: report.campaign_activity_id ?? activityId, ...link }));
  },
});
