import { z } from 'zod';
import type { CtctApiError } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { emailAddress } from './content-fields.js';
import { apiSaid, explainFailure } from './explain-error.js';
import { optionalText, record, text, texts } from '../common/outputs.js';

/** Per call; the account may test-send to 50 recipients a day in all (facts §5.3). */
const MAX_TEST_ADDRESSES = 5;
const TEST_RECIPIENTS_PER_DAY = 50;

function explainTestSendFailure(err: CtctApiError): { message: string; hint: string } | undefined {
  if (err.status === 400) {
    return {
      message: `The test email was not sent: the API answered 400 ${apiSaid(err)}.`,
      hint:
        'Only the primary_email activity can be tested (give the Campaign ID alone to use it); ' +
        'check the addresses the message names.',
    };
  }
  // The per-second throttle that outlasted the client's waiting keeps the client's own advice.
  if (err.errorKey === 'throttled') return undefined;
  return {
    message:
      `The test email was not sent: the daily cap of ${TEST_RECIPIENTS_PER_DAY} ` +
      `test recipients is reached (the API answered 429 ${apiSaid(err)}).`,
    hint:
      'The cap resets at 00:00 UTC. Until then, ' +
      'send to fewer addresses or review the email with Preview an Email Campaign Activity.',
  };
}

export default defineModule({
  key: 'test-email-campaign-activity',
  name: 'Test an Email Campaign Activity',
  group: 'Email Campaign',
  kind: 'action',
  description:
    `Sends a test of an email campaign activity (its primary_email) to up to ${MAX_TEST_ADDRESSES} addresses. ` +
    `The account may send test emails to ${TEST_RECIPIENTS_PER_DAY} recipients a day; every address counts.`,
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('you want to test'),
      email_addresses: z
        .array(emailAddress())
        .min(1, 'must list at least one email address')
        .max(
          MAX_TEST_ADDRESSES,
          `must list at most ${MAX_TEST_ADDRESSES} email addresses (the API's limit per test send)`,
        )
        .meta(
          meta(
            'Email Addresses',
            `Who receives the test: 1 to ${MAX_TEST_ADDRESSES} email addresses (they need not be contacts). ` +
              `Each counts towards the ${TEST_RECIPIENTS_PER_DAY} a day.`,
          ),
        ),
      personal_message: z
        .string()
        .optional()
        .meta(meta('Personal Message', 'A note shown to the test recipients above the email content.')),
    })
    .superRefine(requireCampaignOrActivity),
  output: 'What was sent: campaign_activity_id, email_addresses, personal_message (the API answers 204 with no body).',
  outputSchema: record('Test Send', {
    campaign_activity_id: text('Campaign Activity ID'),
    email_addresses: texts('Email Addresses'),
    personal_message: optionalText('Personal Message'),
  }),
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const body = {
      email_addresses: input.email_addresses,
      ...(input.personal_message !== undefined ? { personal_message: input.personal_message } : {}),
    };
    await explainFailure(
      () => ctx.client.emails.testSend(id, body, ctx.callOptions()),
      [400, 429],
      explainTestSendFailure,
    );
    return { campaign_activity_id: id, ...body };
  },
});
