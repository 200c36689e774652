import { z } from 'zod';
import type { EmailCampaignActivityInput } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { footerAddress, requiredContentFields } from './content-fields.js';
import { apiSaid, explainFailure } from './explain-error.js';
import { campaignOutput } from './outputs.js';
import { maxText } from '../text-rules.js';

/** The one format the API creates: custom code (facts §5.1). */
const CUSTOM_CODE_FORMAT = 5;

/** One entry of "Add the Email Campaign Activities" (SW def EmailCampaignActivityInput). */
const activityInput = z.object({
  format_type: z
    .literal(CUSTOM_CODE_FORMAT, { error: 'must be 5 (custom code): the only format the API creates' })
    .default(CUSTOM_CODE_FORMAT)
    .meta(
      meta('Format Type', 'The email format: 5 = custom code HTML, the only format the API can create (the default).', {
        options: 'allowed-values',
      }),
    ),
  ...requiredContentFields(),
});

type ActivityInput = z.output<typeof activityInput>;

function activityBody(activity: ActivityInput): EmailCampaignActivityInput {
  return {
    format_type: activity.format_type,
    from_name: activity.from_name,
    from_email: activity.from_email,
    reply_to_email: activity.reply_to_email,
    subject: activity.subject,
    html_content: activity.html_content,
    ...(activity.preheader !== undefined ? { preheader: activity.preheader } : {}),
    ...(activity.physical_address_in_footer !== undefined
      ? { physical_address_in_footer: footerAddress(activity.physical_address_in_footer) }
      : {}),
  };
}

export default defineModule({
  key: 'create-email-campaign',
  name: 'Create an Email Campaign',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Creates a new email campaign with its email activity (custom code HTML). ' +
    'The campaign gets a primary_email activity (the one you edit, test and schedule) and a permalink activity. ' +
    'Set its recipients with Update an Email Campaign Activity before scheduling.',
  scopes: ['campaign_data'],
  input: z.object({
    name: maxText(z.string().trim().min(1, 'must not be empty'), 80).meta(
      meta('Name', 'A name for the campaign: unique in the account, at most 80 characters.'),
    ),
    email_campaign_activities: z
      .array(activityInput, {
        error:
          'must be a list holding one activity, e.g. [{"from_name": "Team", "from_email": ' +
          '"...", "reply_to_email": "...", "subject": "...", "html_content": "..."}]',
      })
      .min(1, 'must hold the email activity: From Name, From Email, Reply To Email, Subject and HTML Content')
      .max(1, 'must hold exactly one activity: the API creates one email activity per campaign')
      .meta(
        meta(
          'Add the Email Campaign Activities',
          "The campaign's email activity, as a list of exactly one: Format Type (5, custom code; " +
            'the default), From Name, From Email and Reply To Email (CONFIRMED account addresses, see the choices), ' +
            'Subject and HTML Content are required; Preheader and Physical Address in Footer are optional.',
        ),
      ),
  }),
  output:
    'The campaign: campaign_id, name, current_status, type, type_code, created_at, updated_at, ' +
    'and campaign_activities[] {campaign_activity_id, role} (primary_email and permalink).',
  outputSchema: campaignOutput,
  async run(input, ctx) {
    const activities = input.email_campaign_activities.map(activityBody);
    return explainFailure(
      () => ctx.client.emails.create({ name: input.name, email_campaign_activities: activities }, ctx.callOptions()),
      [400, 409],
      (err) =>
        err.status === 409
          ? {
              message:
                `Creating the email campaign "${input.name}" failed: ` +
                `the API answered 409 ${apiSaid(err)}. Campaign names are unique in an account.`,
              hint: 'Choose another Name (List Email Campaigns shows the names in use).',
            }
          : {
              message: `Creating the email campaign "${input.name}" failed: the API answered 400 ${apiSaid(err)}.`,
              hint:
                'From Email and Reply To Email must be account addresses with CONFIRMED status: ' +
                'list them with `ctct options create-email-campaign email_campaign_activities.from_email`. ' +
                'Otherwise fix the field the message names.',
            },
    );
  },
});
