import { z } from 'zod';
import type { EmailCampaignActivity } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { compact, footerAddress, optionalContentFields } from './content-fields.js';
import { apiSaid, CampaignStateError, explainFailure } from './explain-error.js';
import { campaignActivityOutput } from './outputs.js';

/** The API updates only the primary_email activity, and only in these states (facts §5.2). */
const UPDATABLE = new Set(['DRAFT', 'DONE']);

const CHANGEABLE = [
  'contact_list_ids',
  'segment_ids',
  'from_name',
  'from_email',
  'reply_to_email',
  'subject',
  'preheader',
  'html_content',
  'physical_address_in_footer',
] as const;

function stateProblem(activity: EmailCampaignActivity, id: string): CampaignStateError | undefined {
  if (activity.role !== undefined && activity.role !== 'primary_email') {
    return new CampaignStateError(
      `The campaign activity ${id} is a ${activity.role} activity; only the primary_email activity can be updated.`,
      'Give the Campaign ID alone (its primary_email activity is used), ' +
        'or pick the primary_email one with `ctct options update-email-campaign-activity campaign_activity_id ' +
        '--field campaign_id=...`.',
    );
  }
  const status = activity.current_status;
  if (status === undefined || UPDATABLE.has(status)) return undefined;
  const hint =
    status === 'SCHEDULED'
      ? 'Unschedule it first (Unschedule an Email Campaign Activity), update it, then schedule it again.'
      : status === 'EXECUTING'
        ? 'It is being sent right now; wait until it is DONE and try again.'
        : 'Only DRAFT and DONE activities can be changed; create a new campaign instead.';
  return new CampaignStateError(
    `The campaign activity ${id} is ${status}; the API updates only DRAFT or DONE activities.`,
    hint,
  );
}

export default defineModule({
  key: 'update-email-campaign-activity',
  name: 'Update an Email Campaign Activity',
  group: 'Email Campaign',
  kind: 'action',
  description:
    'Changes an email campaign activity (its primary_email): ' +
    'who receives it (Contact List IDs or Segment IDs) and its sender, subject and content. ' +
    'Fields left out keep their current values (the module reads the activity, ' +
    'merges your changes and writes it back). Only DRAFT and DONE activities can be updated; ' +
    'setting recipients is required before scheduling.',
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('you want to update'),
      contact_list_ids: z
        .array(uuid('contact list id'))
        .min(1, 'must list at least one contact list')
        .optional()
        .meta(
          meta(
            'Contact List IDs',
            'The contact lists that receive the email (replaces the current recipients). ' +
              'Not together with Segment IDs.',
            { options: 'contact-lists' },
          ),
        ),
      segment_ids: z
        .array(z.number().int('must be whole numbers').positive('must be positive'))
        .length(1, 'must hold exactly one segment id')
        .optional()
        .meta(
          meta(
            'Segment IDs',
            'The segment that receives the email, as a one-element array (replaces the current recipients). ' +
              'Not together with Contact List IDs.',
          ),
        ),
      ...optionalContentFields(),
    })
    .superRefine(requireCampaignOrActivity)
    .superRefine((value, issue) => {
      if (value.contact_list_ids && value.segment_ids) {
        issue.addIssue({
          code: 'custom',
          path: ['segment_ids'],
          message: 'give Contact List IDs or Segment IDs, not both: an email goes to lists or to a segment',
        });
      }
      if (!CHANGEABLE.some((k) => value[k] !== undefined)) {
        issue.addIssue({
          code: 'custom',
          path: ['contact_list_ids'],
          message: `nothing to update: give at least one of ${CHANGEABLE.join(', ')}`,
        });
      }
    }),
  output:
    'The updated activity: campaign_activity_id, campaign_id, role, contact_list_ids, ' +
    'segment_ids, current_status, format_type, from_email, from_name, reply_to_email, ' +
    'subject, preheader, html_content, physical_address_in_footer.',
  outputSchema: campaignActivityOutput,
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const options = ctx.callOptions();
    const current = await ctx.client.emails.getActivity(id, undefined, options);
    const problem = stateProblem(current, id);
    if (problem) throw problem;

    const recipients = input.contact_list_ids
      ? { contact_list_ids: input.contact_list_ids, segment_ids: [] }
      : input.segment_ids
        ? { contact_list_ids: [], segment_ids: input.segment_ids }
        : {};
    // Subresources (html_content, physical_address_in_footer) the body leaves out keep their values,
    // while plain properties left out are cleared: so the current ones are sent back (facts §5.2).
    const body: EmailCampaignActivity = {
      ...current,
      ...recipients,
      ...compact({
        from_name: input.from_name,
        from_email: input.from_email,
        reply_to_email: input.reply_to_email,
        subject: input.subject,
        preheader: input.preheader,
        html_content: input.html_content,
        physical_address_in_footer: input.physical_address_in_footer && footerAddress(input.physical_address_in_footer),
      }),
    };
    return explainFailure(
      () => ctx.client.emails.updateActivity(id, body, options),
      [400],
      (err) => ({
        message: `The campaign activity ${id} was not updated: the API answered 400 ${apiSaid(err)}.`,
        hint:
          'Contact List IDs must be existing lists (`ctct options update-email-campaign-activity ' +
          'contact_list_ids`), and From Email / Reply To Email CONFIRMED account addresses ' +
          '(`ctct options update-email-campaign-activity from_email`).',
      }),
    );
  },
});
