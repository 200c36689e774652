import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem } from '../errors.js';
import { getProfile, consumeTestSends, TEST_SENDS_PER_DAY } from '../store/account.js';
import { activitiesOfCampaign, updateActivityContent, type Activity } from '../store/campaigns.js';
import { missingSegments } from '../store/segments.js';
import { missingLists } from '../store/lists.js';
import { hasBeenSent, trackingSchema } from '../store/tracking.js';
import { startEmailEngine } from '../engine/schedule.js';
import {
  ACTIVITY_INCLUDES,
  activityJson,
  permalinkUrl,
  previewJson,
  type ActivityInclude,
} from './campaigns/render.js';
import { invalid, isEmailAddress, readActivityContent, readRecipients } from './campaigns/validate.js';
import { registerScheduleRoutes } from './campaigns/schedule-routes.js';
import { liveActivityOr404, requirePrimary } from './campaigns/lookup.js';

/** `/emails/activities/{id}`: an activity, its preview and test sends; schedules live in schedule-routes.ts. */

const MAX_TEST_ADDRESSES = 5;

function readIncludes(raw: string[] | undefined): Set<ActivityInclude> {
  const values = (raw ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const out = new Set<ActivityInclude>();
  for (const v of values) {
    if (!(ACTIVITY_INCLUDES as readonly string[]).includes(v))
      throw invalid(`include accepts ${ACTIVITY_INCLUDES.join(', ')}.`);
    out.add(v as ActivityInclude);
  }
  return out;
}

function permalinkOf(ctx: SandboxContext, activity: Activity): string | undefined {
  const activities = activitiesOfCampaign(ctx, activity.campaign_id);
  const primary = activities.find((a) => a.role === 'primary_email');
  const permalink = activities.find((a) => a.role === 'permalink');
  if (!primary || !permalink || !hasBeenSent(ctx, primary.campaign_activity_id)) return undefined;
  return permalinkUrl(permalink.campaign_activity_id);
}

export const emailActivitiesResource: SandboxResource = {
  name: 'email-activities',
  schema: trackingSchema,
  register(api, ctx) {
    startEmailEngine(ctx);
    const scope = requireScope('campaign_data');

    api.get('/emails/activities/:id', scope, (c) => {
      const include = readIncludes(c.req.queries('include'));
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      return c.json(activityJson(activity, include, { permalinkUrl: permalinkOf(ctx, activity) }));
    });

    api.put('/emails/activities/:id', scope, async (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const body = await readJsonObject(c);
      requirePrimary(activity, 'updated');
      if (activity.current_status !== 'DRAFT' && activity.current_status !== 'DONE') {
        throw invalid(
          `An activity in ${activity.current_status} status cannot be updated; only DRAFT and DONE ones can.`,
        );
      }
      const content = readActivityContent(ctx, body, activity);
      const recipients = readRecipients(body);
      const unknownLists = missingLists(ctx.db, recipients.contact_list_ids);
      if (unknownLists.length > 0) throw invalid(`These contact lists do not exist: ${unknownLists.join(', ')}.`);
      const unknownSegments = missingSegments(ctx.db, recipients.segment_ids);
      if (unknownSegments.length > 0) throw invalid(`These segments do not exist: ${unknownSegments.join(', ')}.`);
      updateActivityContent(ctx, activity, { ...content, ...recipients });
      const updated = liveActivityOr404(ctx, activity.campaign_activity_id);
      const all = new Set<ActivityInclude>([
        'html_content',
        'physical_address_in_footer',
        'document_properties',
        'permalink_url',
      ]);
      return c.json(activityJson(updated, all, { permalinkUrl: permalinkOf(ctx, updated) }));
    });

    api.get('/emails/activities/:id/previews', scope, (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      return c.json(previewJson(activity, getProfile(ctx)));
    });

    api.post('/emails/activities/:id/tests', scope, async (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const body = await readJsonObject(c);
      requirePrimary(activity, 'test sent');
      const addresses = body.email_addresses;
      if (!Array.isArray(addresses) || addresses.length === 0)
        throw invalid('email_addresses must list at least one recipient.');
      if (addresses.length > MAX_TEST_ADDRESSES)
        throw invalid(`A test send reaches at most ${MAX_TEST_ADDRESSES} email addresses per call.`);
      const bad = addresses.find((a) => !isEmailAddress(a));
      if (bad !== undefined) throw invalid(`${String(bad)} is not a valid email address.`);
      if (body.personal_message !== undefined && typeof body.personal_message !== 'string')
        throw invalid('personal_message must be a string.');
      if (!consumeTestSends(ctx, addresses.length)) {
        throw new ApiProblem(
          429,
          'email.api.test_send_limit',
          `The daily limit of ${TEST_SENDS_PER_DAY} test email recipients is reached; it resets at 00:00 UTC.`,
          'object',
        );
      }
      return c.body(null, 204);
    });

    registerScheduleRoutes(api, ctx, scope);
  },
};
