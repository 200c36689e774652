import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { checkRange, contactIdField, dateRangeFields, rangeQuery } from './fields.js';
import { actionSummaryOutput } from './outputs.js';

export default defineModule({
  key: 'list-contact-action-summaries',
  name: 'List Contact Action Summaries',
  group: 'Contact Tracking Report',
  kind: 'search',
  description:
    'Lists, per email campaign activity sent to a contact in a period, ' +
    'how many times they were sent it and opened, clicked, forwarded, bounced or unsubscribed: ' +
    'the most recent first. The API sends pages of 200; Limit stops reading once reached.',
  scopes: ['contact_data'],
  input: z
    .object({
      contact_id: contactIdField('whose action summaries you want to list'),
      ...dateRangeFields('to summarize'),
      limit: limitField('action summaries'),
    })
    .superRefine(checkRange()),
  output:
    'One bundle per campaign activity: contact_id, campaign_activity_id, ' +
    'start_on (the last send to the contact), em_sends, em_opens, em_clicks, em_forwards, em_bounces, ' +
    'em_unsubscribes.',
  outputSchema: actionSummaryOutput,
  async run(input, ctx) {
    const bundles = [];
    const rows = ctx.client.reports.contactActivitySummaryAll(
      input.contact_id,
      rangeQuery(input),
      ctx.callOptions({ limit: input.limit }),
    );
    for await (const row of rows) bundles.push({ contact_id: input.contact_id, ...row });
    return bundles;
  },
});
