import { z } from 'zod';
import type { EmailCampaignActivity } from '../../client/index.js';
import { defineModule } from '../define.js';
import { isoDate, meta } from '../fields.js';
import { campaignFields, requireCampaignOrActivity, resolveActivityId } from '../common/campaign.js';
import { apiSaid, CampaignStateError, explainFailure } from '../email-campaign/explain-error.js';
import { record, text } from '../common/outputs.js';

/** "0" is the API's "send now" (facts §5.3). */
const SEND_NOW = '0';
const SCHEDULABLE = new Set(['DRAFT', 'DONE', 'ERROR']);
const validDate = isoDate();

/** Why the API would refuse to schedule this activity, found before asking it. */
function scheduleProblem(activity: EmailCampaignActivity, id: string): CampaignStateError | undefined {
  if (activity.role !== undefined && activity.role !== 'primary_email') {
    return new CampaignStateError(
      `The campaign activity ${id} is a ${activity.role} activity; only the primary_email activity can be scheduled.`,
      'Give the Campaign ID alone: its primary_email activity is used.',
    );
  }
  const status = activity.current_status ?? 'DRAFT';
  if (status === 'SCHEDULED') {
    return new CampaignStateError(
      `The campaign activity ${id} is already scheduled.`,
      'See when with List Email Campaign Activity Schedules; ' +
        'to change the date, run Unschedule an Email Campaign Activity first, then schedule it again.',
    );
  }
  if (!SCHEDULABLE.has(status)) {
    return new CampaignStateError(
      `The campaign activity ${id} is ${status}; ` +
        `only DRAFT, DONE (a re-send to new contacts) and ERROR activities can be scheduled.`,
      status === 'EXECUTING'
        ? 'It is being sent right now; wait until it is DONE.'
        : 'Create a new campaign to send this content again.',
    );
  }
  if ((activity.contact_list_ids ?? []).length === 0 && (activity.segment_ids ?? []).length === 0) {
    return new CampaignStateError(
      `The campaign activity ${id} has no recipients yet, so it cannot be scheduled.`,
      `Set them first with Update an Email Campaign Activity, e.g. ` +
        `\`ctct run update-email-campaign-activity --field campaign_activity_id=${id} --field ` +
        `contact_list_ids=<list id>\`, then schedule again.`,
    );
  }
  return undefined;
}

export default defineModule({
  key: 'schedule-email-campaign-activity',
  name: 'Schedule an Email Campaign Activity',
  group: 'Email Scheduling',
  kind: 'action',
  description:
    'Schedules an email campaign activity (its primary_email) to be sent at a date, or now with "0". ' +
    'Its recipients must be set first (Update an Email Campaign Activity). ' +
    'Scheduling a DONE activity re-sends it only to contacts added to its lists since.',
  scopes: ['campaign_data'],
  input: z
    .object({
      ...campaignFields('you want to schedule'),
      scheduled_date: z
        .string()
        .trim()
        .refine((v) => v === SEND_NOW || validDate.safeParse(v).success, {
          message:
            'must be an ISO-8601 date (2026-03-01) ' +
            'or date-time (2026-03-01T09:30:00Z) in the future, or "0" to send now',
        })
        .meta(
          meta(
            'Schedule Date',
            'When to send: an ISO-8601 date (2026-03-01) ' +
              'or date-time (2026-03-01T09:30:00Z) in the future, or "0" to send it now.',
          ),
        ),
    })
    .superRefine(requireCampaignOrActivity),
  output: 'campaign_activity_id and scheduled_date: the date the API scheduled, or "0" when it was sent right away.',
  outputSchema: record('Schedule', {
    campaign_activity_id: text('Campaign Activity ID'),
    scheduled_date: text('Scheduled Date'),
  }),
  async run(input, ctx) {
    const id = await resolveActivityId(ctx, input);
    const options = ctx.callOptions();
    const problem = scheduleProblem(await ctx.client.emails.getActivity(id, undefined, options), id);
    if (problem) throw problem;
    const schedules = await explainFailure(
      () => ctx.client.emails.schedule(id, { scheduled_date: input.scheduled_date }, options),
      [400],
      (err) => ({
        message: `The campaign activity ${id} was not scheduled: the API answered 400 ${apiSaid(err)}.`,
        hint:
          'Schedule Date must be in the future (or "0" to send now), ' +
          'and the activity needs recipients (Update an Email Campaign Activity).',
      }),
    );
    return { campaign_activity_id: id, scheduled_date: schedules[0]?.scheduled_date ?? SEND_NOW };
  },
});
