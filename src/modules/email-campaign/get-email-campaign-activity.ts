import { z } from 'zod';
import { defineModule } from '../define.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { campaignActivityOutput } from './outputs.js';

export default defineModule({
  key: 'get-email-campaign-activity',
  name: 'Get an Email Campaign Activity',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Retrieves details of an email campaign activity by its ID (or the primary email activity of a campaign).',
  scopes: ['campaign_data'],
  input: z.object(campaignFields('whose activity details you want to retrieve')).superRefine(requireCampaignOrActivity),
  output:
    'The activity: campaign_activity_id, campaign_id, role, contact_list_ids, ' +
    'segment_ids, current_status, format_type, from_email, from_name, reply_to_email, ' +
    'subject, preheader, html_content, permalink_url, physical_address_in_footer.',
  outputSchema: campaignActivityOutput,
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    return ctx.client.emails.getActivity(
      id,
      { include: ['physical_address_in_footer', 'permalink_url', 'html_content', 'document_properties'] },
      ctx.callOptions(),
    );
  },
});
