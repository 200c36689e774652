import { z } from 'zod';
import { defineModule } from '../define.js';
import { checkRange, contactIdField, dateRangeFields, rangeQuery } from './fields.js';
import { openAndClickRatesOutput } from './outputs.js';

/** The API refuses longer periods (facts §1.3). */
const MAX_YEARS = 5;

export default defineModule({
  key: 'summarize-average-open-and-click-rates',
  name: 'Summarize Average Open and Click Rates',
  group: 'Contact Tracking Report',
  kind: 'action',
  description:
    `Averages a contact's open and click rates over the bulk emails sent to them in a period of at ` +
    `most ${MAX_YEARS} years. Rates are fractions (0.5 = half of the emails); ` +
    `with nothing sent in the period both are 0.`,
  scopes: ['contact_data'],
  input: z
    .object({
      contact_id: contactIdField('whose average open and click rates you want to summarize'),
      ...dateRangeFields(`to summarize (at most ${MAX_YEARS} years)`),
    })
    .superRefine(checkRange(MAX_YEARS)),
  output: 'contact_id, included_activities_count (emails sent in the period), average_open_rate, average_click_rate.',
  outputSchema: openAndClickRatesOutput,
  async run(input, ctx) {
    return ctx.client.reports.contactOpenAndClickRates(input.contact_id, rangeQuery(input), ctx.callOptions());
  },
});
