import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { collect } from '../common/cache.js';
import { campaignSummaryOutput } from './outputs.js';

export default defineModule({
  key: 'list-email-campaigns',
  name: 'List Email Campaigns',
  group: 'Email Campaign',
  kind: 'search',
  description:
    'Retrieves a list of email campaigns, deleted (Removed) ' +
    'ones included, in the order the API returns them (pages of 500).',
  scopes: ['campaign_data'],
  input: z.object({
    limit: limitField('email campaigns'),
  }),
  output:
    'One bundle per campaign: campaign_id, name, current_status (Draft, Scheduled, ' +
    'Executing, Done, Error, Removed), type, type_code, created_at, updated_at.',
  outputSchema: campaignSummaryOutput,
  async run(input, ctx) {
    return collect(ctx.client.emails.listAll(undefined, ctx.callOptions({ limit: input.limit })));
  },
});
