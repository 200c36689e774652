import { z } from 'zod';
import type { EmailCampaignActivityInput } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { footerAddress, requiredContentFields } from './content-fields.js';
import { apiSaid, explainFailure } from './explain-error.js';

/** The one format the API creates: custom code (facts §5.1). */
const CUSTOM_CODE_FORMAT = 5;

export default defineModule({
  key: 'create-email-campaign',
  name: 'Create an Email Campaign',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Creates a new email campaign with its email activity (custom code HTML). The campaign gets a primary_email activity (the one you edit, test and schedule) and a permalink activity. Set its recipients with Update an Email Campaign Activity before scheduling.',
  scopes: ['campaign_data'],
  input: z.object({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(80, 'must be at most 80 characters')
      .meta(meta('Name', 'A name for the campaign: unique in the account, at most 80 characters.')),
    format_type: z
      .literal(CUSTOM_CODE_FORMAT, { error: 'must be 5 (custom code): the only format the API creates' })
      .default(CUSTOM_CODE_FORMAT)
      .meta(meta('Format Type', 'The email format: 5 = custom code HTML, the only format the API can create.')),
    ...requiredContentFields(),
  }),
  output: 'The campaign: campaign_id, name, current_status, type, type_code, created_at, updated_at, and campaign_activities[] {campaign_activity_id, role} (primary_email and permalink).',
  async run(input, ctx) {
    const activity: EmailCampaignActivityInput = {
      format_type: input.format_type,
      from_name: input.from_name,
      from_email: input.from_email,
      reply_to_email: input.reply_to_email,
      subject: input.subject,
      html_content: input.html_content,
      ...(input.preheader !== undefined ? { preheader: input.preheader } : {}),
      ...(input.physical_address_in_footer !== undefined ? { physical_address_in_footer: footerAddress(input.physical_address_in_footer) } : {}),
    };
    return explainFailure(
      () => ctx.client.emails.create({ name: input.name, email_campaign_activities: [activity] }, ctx.signal ? { signal: ctx.signal } : undefined),
      [400, 409],
      (err) =>
        err.status === 409
          ? {
              message: `Creating the email campaign "${input.name}" failed: the API answered 409 ${apiSaid(err)}. Campaign names are unique in an account.`,
              hint: 'Choose another Name (List Email Campaigns shows the names in use).',
            }
          : {
              message: `Creating the email campaign "${input.name}" failed: the API answered 400 ${apiSaid(err)}.`,
              hint: 'From Email and Reply To Email must be account addresses with CONFIRMED status: list them with `ctct options create-email-campaign from_email`. Otherwise fix the field the message names.',
            },
    );
  },
});
