import { z } from 'zod';
import { defineModule } from '../define.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { campaignActivityPreviewOutput } from './outputs.js';

export default defineModule({
  key: 'preview-email-campaign-activity',
  name: 'Preview an Email Campaign Activity',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Previews an email campaign activity as it will be sent: ' +
    "headers plus the rendered HTML and text (personalization tags are filled with the account owner's details).",
  scopes: ['campaign_data'],
  input: z.object(campaignFields('you want to preview')).superRefine(requireCampaignOrActivity),
  output:
    'campaign_activity_id, from_email, from_name, reply_to_email, ' +
    'subject, preheader, preview_html_content, preview_text_content.',
  outputSchema: campaignActivityPreviewOutput,
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    return ctx.client.emails.preview(id, ctx.callOptions());
  },
});
