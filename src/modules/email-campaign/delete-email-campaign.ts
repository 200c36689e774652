import { z } from 'zod';
import { defineModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { apiSaid, explainFailure } from './explain-error.js';
import { record, text } from '../common/outputs.js';

export default defineModule({
  key: 'delete-email-campaign',
  name: 'Delete an Email Campaign',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Deletes an email campaign and its activities (its status becomes Removed; ' +
    'it can be restored in the Constant Contact web app). A Scheduled campaign cannot be deleted: ' +
    'unschedule it first.',
  scopes: ['campaign_data'],
  input: z.object({
    campaign_id: uuid('campaign id').meta(
      meta('Campaign ID', 'The campaign to delete (not a Scheduled one).', { options: 'campaigns' }),
    ),
  }),
  output: 'campaign_id and current_status "Removed".',
  outputSchema: record('Deleted Campaign', {
    campaign_id: text('Campaign ID'),
    current_status: z.literal('Removed').describe('Current Status'),
  }),
  async run(input, ctx) {
    await explainFailure(
      () => ctx.client.emails.delete(input.campaign_id, ctx.callOptions()),
      [400],
      (err) => ({
        message:
          `The email campaign ${input.campaign_id} was not deleted: ` +
          `the API answered 400 ${apiSaid(err)}. A Scheduled campaign cannot be deleted.`,
        hint:
          `Unschedule it first (ctct run unschedule-email-campaign-activity ` +
          `--field campaign_id=${input.campaign_id}), then delete it again.`,
      }),
    );
    return { campaign_id: input.campaign_id, current_status: 'Removed' };
  },
});
